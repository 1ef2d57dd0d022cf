package dev.moim.common;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import dev.moim.config.MoimProperties;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;

/** Turns every failure of a REST call into a typed problem; clients never see a stack trace. */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final long maxBodyBytes;

    ApiExceptionHandler(MoimProperties properties) {
        this.maxBodyBytes = properties.http().maxBodySize().toBytes();
    }

    @ExceptionHandler(MoimException.class)
    ResponseEntity<ProblemDetail> refused(MoimException e) {
        if (e instanceof InvalidField invalid) {
            return respond(Problems.of(e.code(), e.getMessage(), Map.of("fields", Map.of(invalid.field(), invalid.problem()))));
        }
        return respond(Problems.of(e.code(), e.getMessage()));
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<ProblemDetail> invalidBody(MethodArgumentNotValidException e) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (FieldError error : e.getBindingResult().getFieldErrors()) {
            fields.putIfAbsent(error.getField(), error.getDefaultMessage());
        }
        return respond(Problems.of(ErrorCode.VALIDATION_FAILED, "Some fields are invalid: " + fields.keySet(),
                Map.of("fields", fields)));
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<ProblemDetail> invalidParameters(HandlerMethodValidationException e) {
        return respond(Problems.of(ErrorCode.VALIDATION_FAILED, "Some parameters are invalid"));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ProblemDetail> unreadable(HttpMessageNotReadableException e) {
        if (RequestSizeLimit.exceeded(e)) {
            return tooLarge();
        }
        String at = e.getCause() instanceof JacksonException wrongShape ? jsonPath(wrongShape) : "";
        return respond(Problems.of(ErrorCode.MALFORMED_REQUEST,
                "The request body is missing or is not valid JSON of the expected shape"
                        + (at.isEmpty() ? "" : " (at " + at + ")")));
    }

    /** Where in the body the shape broke, in the client's words ({@code content}, {@code memberIds[2]}). */
    private static String jsonPath(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference step : e.getPath()) {
            if (step.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class})
    ResponseEntity<ProblemDetail> badParameter(Exception e) {
        return respond(Problems.of(ErrorCode.MALFORMED_REQUEST, "A path or query parameter is missing or malformed"));
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ProblemDetail> method(HttpRequestMethodNotSupportedException e) {
        return respond(Problems.of(ErrorCode.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not supported here"));
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ProblemDetail> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(Problems.of(ErrorCode.UNSUPPORTED_MEDIA_TYPE, "Send JSON with Content-Type: application/json"));
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ProblemDetail> notFound(NoResourceFoundException e) {
        return respond(Problems.of(ErrorCode.NOT_FOUND, "No such resource"));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        if (RequestSizeLimit.exceeded(e)) {
            return tooLarge();
        }
        log.error("Unexpected error in a REST call", e);
        return respond(Problems.of(ErrorCode.INTERNAL_ERROR, "Something went wrong on the server"));
    }

    private ResponseEntity<ProblemDetail> tooLarge() {
        return ResponseEntity.status(ErrorCode.PAYLOAD_TOO_LARGE.status())
                .header(HttpHeaders.CONNECTION, "close")
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(ErrorCode.PAYLOAD_TOO_LARGE, RequestSizeLimit.refusal(maxBodyBytes)));
    }

    private static ResponseEntity<ProblemDetail> respond(ProblemDetail problem) {
        return ResponseEntity.status(problem.getStatus()).contentType(MediaType.APPLICATION_PROBLEM_JSON).body(problem);
    }
}
