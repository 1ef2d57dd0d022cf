package dev.moim.common;

import java.util.Map;

import org.springframework.http.ProblemDetail;

/** Builds the {@code application/problem+json} bodies every HTTP error uses. */
public final class Problems {

    private Problems() {
    }

    public static ProblemDetail of(ErrorCode code, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(code.status(), detail);
        problem.setTitle(code.status().getReasonPhrase());
        problem.setProperty("code", code.name());
        return problem;
    }

    public static ProblemDetail of(ErrorCode code, String detail, Map<String, ?> extra) {
        ProblemDetail problem = of(code, detail);
        extra.forEach(problem::setProperty);
        return problem;
    }
}
