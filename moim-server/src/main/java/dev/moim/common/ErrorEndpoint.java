package dev.moim.common;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where the servlet container forwards errors raised outside the controllers (for example Spring Security's
 * firewall refusing {@code //} or {@code ;} in a path). Replaces Spring Boot's default, whose JSON has no code.
 */
@Hidden
@RestController
class ErrorEndpoint implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = attribute instanceof Integer code && code >= 400 ? code : 500;
        ErrorCode code = Problems.codeFor(status);
        ProblemDetail problem = Problems.of(code, status == 404 ? "No such resource"
                : status >= 500 ? "Something went wrong on the server" : "The request was refused: " + Problems.title(status));
        problem.setStatus(status);
        problem.setTitle(Problems.title(status));
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
