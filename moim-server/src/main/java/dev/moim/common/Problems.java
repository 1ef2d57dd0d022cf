package dev.moim.common;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import tools.jackson.databind.json.JsonMapper;

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

    /**
     * Writes a problem straight to a servlet response, for refusals made before Spring MVC runs
     * (security filters, the body size limit).
     */
    public static void write(HttpServletResponse response, JsonMapper json,
                             ErrorCode code, String detail) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", code.status().getReasonPhrase());
        body.put("status", code.status().value());
        body.put("detail", detail);
        body.put("code", code.name());
        response.setStatus(code.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }

    public static ProblemDetail of(ErrorCode code, String detail, Map<String, ?> extra) {
        ProblemDetail problem = of(code, detail);
        extra.forEach(problem::setProperty);
        return problem;
    }
}
