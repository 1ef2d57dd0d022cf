package dev.moim.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;

/**
 * HTTP the way {@link Api} would never send it: with headers a reverse proxy adds, with a streamed body of no declared
 * length, or as raw bytes on a socket (the JDK client normalises paths such as {@code ..%2f}).
 */
public final class RawHttp {

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    public RawHttp(int port) {
        this.port = port;
    }

    /** A POST as if a reverse proxy forwarded it for {@code clientAddress}. */
    public Api.Response postFrom(String clientAddress, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofString(Json.of(body)))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", clientAddress);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** Any method with a JSON body written by hand, e.g. with escapes ({@code \u0000}) a serializer would not produce. */
    public Api.Response json(String method, String path, String token, String rawJson) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofString(rawJson))
                .header("Content-Type", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request.build());
    }

    /** A POST whose body is streamed in chunks, with no Content-Length. */
    public Api.Response postStreamed(String path, String token, Supplier<InputStream> body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .POST(HttpRequest.BodyPublishers.ofInputStream(body))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(60))
                .build();
        return send(request);
    }

    private Api.Response send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            return new Api.Response(response.statusCode(), parse(response.body(), type), type);
        } catch (IOException e) {
            throw new AssertionError(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Sends {@code GET target} byte for byte on a fresh socket and reads the whole answer. */
    public Api.Response rawGet(String target, Map<String, String> headers) {
        return rawHead("GET", target, headers);
    }

    /**
     * Sends only a request's line and headers, byte for byte, and reads the whole answer: for what the server must
     * decide from the headers alone (a declared Content-Length over the limit), with no body racing the answer.
     */
    public Api.Response rawHead(String method, String target, Map<String, String> headers) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nConnection: close\r\n");
            headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String text = readAnswer(socket.getInputStream());
            int end = text.indexOf("\r\n\r\n");
            String[] lines = text.substring(0, end).split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            String type = "";
            boolean chunked = false;
            for (String line : lines) {
                String lower = line.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-type:")) {
                    type = line.substring(line.indexOf(':') + 1).strip();
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                }
            }
            String body = text.substring(end + 4);
            return new Api.Response(status, parse(chunked ? dechunk(body) : body, type), type);
        } catch (IOException e) {
            throw new AssertionError(method + " " + target + " failed", e);
        }
    }

    private static final Pattern CONTENT_LENGTH = Pattern.compile("content-length:\\s*(\\d+)");

    /**
     * One answer: its head, then as much body as it says (Content-Length, or chunks up to the last). Not "until the
     * connection closes": after refusing a declared body the server may keep the connection to drain it.
     */
    private static String readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        readUntil(in, bytes, "\r\n\r\n");
        String head = bytes.toString(StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (length.find()) {
            bytes.write(in.readNBytes(Integer.parseInt(length.group(1))));
        } else if (head.contains("transfer-encoding:") && head.contains("chunked")) {
            readUntil(in, bytes, "\r\n0\r\n\r\n");
        } else {
            in.transferTo(bytes);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** Copies bytes until they end with {@code end} (ASCII, at most 8 bytes) or the stream ends. */
    private static void readUntil(InputStream in, ByteArrayOutputStream bytes, String end) throws IOException {
        long wanted = 0;
        for (char c : end.toCharArray()) {
            wanted = (wanted << 8) | c;
        }
        long mask = end.length() == 8 ? -1L : (1L << (8 * end.length())) - 1;
        long last = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            bytes.write(b);
            last = (last << 8) | b;
            if ((last & mask) == wanted) {
                return;
            }
        }
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int lineEnd = body.indexOf("\r\n", at);
            int size = Integer.parseInt(body.substring(at, lineEnd).strip(), 16);
            if (size == 0) {
                return out.toString();
            }
            out.append(body, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
    }

    private static JsonNode parse(String text, String type) {
        return text == null || text.isBlank() || !type.contains("json") ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(text);
    }
}
