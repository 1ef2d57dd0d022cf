package dev.moim.common;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Refuses REST bodies over 1 MiB before anything reads them (the largest legitimate body, a 4,000-character
 * message, is under 20 KiB). Bodies without a declared length are parsed under the same validation anyway.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimit extends OncePerRequestFilter {

    static final long MAX_BODY_BYTES = 1024 * 1024;

    private final JsonMapper json;

    public RequestSizeLimit(JsonMapper json) {
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            Problems.write(response, json, ErrorCode.PAYLOAD_TOO_LARGE, "Request bodies are limited to " + MAX_BODY_BYTES + " bytes");
            return;
        }
        chain.doFilter(request, response);
    }
}
