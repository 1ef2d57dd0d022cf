package dev.moim.common;

import java.io.IOException;
import java.util.regex.Pattern;

import dev.moim.config.MoimProperties;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Limits REST bodies to {@code moim.http.max-body-size} (1 MiB; the largest legitimate body, a 4,000-character
 * message, is under 20 KiB). A body that declares more is refused before anything reads it; a body streamed without
 * a declared length (chunked) is counted while it is read, and reading past the limit fails, so nothing ever parses
 * more than the limit. Either way the answer is 413 PAYLOAD_TOO_LARGE. Uploads (photos, files, profile pictures)
 * are streamed to disk, not parsed, and have limits of their own (moim.files).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class RequestSizeLimit extends OncePerRequestFilter {

    private final JsonMapper json;
    private final long maxBodyBytes;

    public RequestSizeLimit(JsonMapper json, MoimProperties properties) {
        this.json = json;
        this.maxBodyBytes = properties.http().maxBodySize().toBytes();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            // The unread body is not worth draining: close the connection after the answer.
            response.setHeader(HttpHeaders.CONNECTION, "close");
            Problems.write(response, json, ErrorCode.PAYLOAD_TOO_LARGE, refusal(maxBodyBytes));
            return;
        }
        boolean mayHaveBody = request.getContentLengthLong() > 0 || request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null;
        chain.doFilter(mayHaveBody ? new CountedBody(request, maxBodyBytes) : request, response);
    }

    private static final Pattern UPLOADS = Pattern.compile("/api/v1/rooms/[^/]+/attachments|/api/v1/users/me/avatar");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return ("POST".equals(method) || "PUT".equals(method)) && UPLOADS.matcher(request.getRequestURI()).matches();
    }

    static String refusal(long maxBodyBytes) {
        return "Request bodies are limited to " + maxBodyBytes + " bytes";
    }

    /** Whether a failure was caused, however deeply wrapped (by the JSON parser, by Spring), by reading past the limit. */
    static boolean exceeded(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BodyTooLarge) {
                return true;
            }
        }
        return false;
    }

    /** Thrown from a read past the limit. */
    static final class BodyTooLarge extends IOException {
        BodyTooLarge(long limit) {
            super(refusal(limit));
        }
    }

    private static final class CountedBody extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream counted;

        CountedBody(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountedStream(super.getInputStream(), limit);
            }
            return counted;
        }
    }

    private static final class CountedStream extends ServletInputStream {

        private final ServletInputStream in;
        private final long limit;
        private long read;

        CountedStream(ServletInputStream in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws BodyTooLarge {
            read += n;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }
    }
}
