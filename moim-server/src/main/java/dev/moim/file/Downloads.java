package dev.moim.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.stereotype.Component;

/**
 * Streams stored bytes to a client so that they can never act as a page of Moim's origin: a file is always a
 * download (attachment) and only photo types are shown inline; the type is the one read from the bytes, never sniffed
 * again (nosniff), and the sandbox policy forbids scripts even if a browser did render it. Objects never change
 * under an id, so they are cacheable by the one user who fetched them, with an ETag; one byte range is served for
 * resumed downloads and media seeking.
 */
@Component
class Downloads {

    private static final Logger log = LoggerFactory.getLogger(Downloads.class);

    static final String SANDBOX = "default-src 'none'; img-src 'self'; media-src 'self'; sandbox";
    /** Shown inline: photos (already checked and stripped) and thumbnails. */
    private static final Set<String> INLINE = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    /** Types that a browser does not run: served as they are; anything else as application/octet-stream. */
    private static final Set<String> INERT_PREFIXES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp",
            "application/pdf", "application/zip", "audio/", "video/", "text/plain", "text/csv",
            "application/vnd.openxmlformats-officedocument.", "application/msword", "application/vnd.ms-",
            "application/x-hwp", "application/haansoft", "application/vnd.hancom", "application/gzip",
            "application/x-7z-compressed", "application/x-tar");

    /** What to send: {@code etag} names the bytes (they never change under it). */
    record Served(String etag, String key, String name, String contentType, boolean inline, long size) {
    }

    private final FileStorage storage;

    Downloads(FileStorage storage) {
        this.storage = storage;
    }

    void send(AttachmentService.Download download, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        boolean thumbnail = download.key().startsWith("thumbs/");
        send(new Served('"' + download.id().toString() + (thumbnail ? "-t" : "") + '"', download.key(), download.name(),
                download.contentType(), download.kind() == AttachmentKind.IMAGE || thumbnail, download.size()),
                request, response);
    }

    void send(Served served, HttpServletRequest request, HttpServletResponse response) throws IOException {
        String type = servedType(served.contentType(), served.inline());
        response.setHeader(HttpHeaders.ETAG, served.etag());
        response.setHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=86400, immutable");
        response.setHeader(HttpHeaders.ACCEPT_RANGES, "bytes");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Content-Security-Policy", SANDBOX);
        response.setHeader("Cross-Origin-Resource-Policy", "same-origin");
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && (ifNoneMatch.contains(served.etag()) || ifNoneMatch.strip().equals("*"))) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        long size = served.size();
        long start = 0;
        long length = size;
        String rangeHeader = request.getHeader(HttpHeaders.RANGE);
        if (rangeHeader != null && ifRangeHolds(request, served.etag())) {
            List<HttpRange> ranges;
            try {
                ranges = HttpRange.parseRanges(rangeHeader);
            } catch (IllegalArgumentException malformed) {
                ranges = List.of(); // A Range header that does not parse is ignored (RFC 9110, 14.2).
            }
            // Several ranges at once are rare and allowed to be answered whole.
            if (ranges.size() == 1) {
                HttpRange range = ranges.getFirst();
                try {
                    start = range.getRangeStart(size);
                    long end = range.getRangeEnd(size);
                    if (start > end) {
                        throw new IllegalArgumentException("empty");
                    }
                    length = end - start + 1;
                } catch (IllegalArgumentException unsatisfiable) {
                    response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes */" + size);
                    throw new MoimException(ErrorCode.RANGE_NOT_SATISFIABLE, "The file has " + size + " bytes");
                }
                response.setStatus(HttpServletResponse.SC_PARTIAL_CONTENT);
                response.setHeader(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + (start + length - 1) + "/" + size);
            }
        }
        // Opened before anything is committed, so that a missing object is still a clean 404.
        try (InputStream in = open(served, start, length)) {
            response.setContentType(type);
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, disposition(served));
            response.setContentLengthLong(length);
            if ("HEAD".equals(request.getMethod())) {
                return;
            }
            OutputStream out = response.getOutputStream();
            try {
                in.transferTo(out);
            } catch (IOException clientGone) {
                // The client hung up (or the storage failed mid-stream): the status is already sent, so just stop.
                log.debug("Download of {} ended early: {}", served.key(), clientGone.toString());
            }
        }
    }

    private InputStream open(Served served, long start, long length) {
        try {
            return storage.open(served.key(), start, length);
        } catch (java.nio.file.NoSuchFileException gone) {
            throw new MoimException(ErrorCode.ATTACHMENT_NOT_FOUND, "The file is gone");
        } catch (IOException | RuntimeException e) {
            log.warn("Reading {} failed", served.key(), e);
            throw new MoimException(ErrorCode.SERVER_BUSY, "The file cannot be read right now; try again shortly");
        }
    }

    /** A Range with If-Range applies only while the ETag still matches (ours never changes, but a client may send another). */
    private static boolean ifRangeHolds(HttpServletRequest request, String etag) {
        String ifRange = request.getHeader(HttpHeaders.IF_RANGE);
        return ifRange == null || ifRange.strip().equals(etag);
    }

    static String servedType(String contentType, boolean inline) {
        if (inline && INLINE.contains(contentType)) {
            return contentType;
        }
        for (String inert : INERT_PREFIXES) {
            if (contentType.startsWith(inert)) {
                return contentType;
            }
        }
        return "application/octet-stream";
    }

    private static String disposition(Served served) {
        ContentDisposition.Builder builder = served.inline() && INLINE.contains(served.contentType())
                ? ContentDisposition.inline() : ContentDisposition.attachment();
        return builder.filename(served.name(), StandardCharsets.UTF_8).build().toString();
    }
}
