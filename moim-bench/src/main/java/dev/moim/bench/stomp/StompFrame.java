package dev.moim.bench.stomp;

import java.util.LinkedHashMap;
import java.util.Map;

/** One STOMP 1.2 frame: a command, its headers (first occurrence wins, as the spec says) and a text body. */
public record StompFrame(String command, Map<String, String> headers, String body) {

    public StompFrame {
        headers = Map.copyOf(headers);
    }

    public static StompFrame of(String command, String... headerPairs) {
        return withBody(command, "", headerPairs);
    }

    public static StompFrame withBody(String command, String body, String... headerPairs) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i + 1 < headerPairs.length; i += 2) {
            headers.putIfAbsent(headerPairs[i], headerPairs[i + 1]);
        }
        return new StompFrame(command, headers, body);
    }

    public String header(String name) {
        return headers.get(name);
    }

    /**
     * The frame as text, terminated by NUL. Headers are escaped as STOMP 1.2 asks, except in CONNECT, whose
     * headers are sent as they are for 1.0 servers' sake (the spec leaves CONNECT unescaped).
     */
    public String encode() {
        StringBuilder text = new StringBuilder(command.length() + body.length() + 64);
        text.append(command).append('\n');
        boolean escape = !command.equals("CONNECT") && !command.equals("CONNECTED");
        // Keep a stable order for readability in logs: Map.copyOf does not keep insertion order.
        headers.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(header -> text
                .append(escape ? escapeHeader(header.getKey()) : header.getKey()).append(':')
                .append(escape ? escapeHeader(header.getValue()) : header.getValue()).append('\n'));
        text.append('\n').append(body).append('\0');
        return text.toString();
    }

    static String escapeHeader(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf(':') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> escaped.append("\\\\");
                case ':' -> escaped.append("\\c");
                case '\n' -> escaped.append("\\n");
                case '\r' -> escaped.append("\\r");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
