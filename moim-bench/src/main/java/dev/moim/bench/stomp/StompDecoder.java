package dev.moim.bench.stomp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the text of WebSocket messages into STOMP frames. One WebSocket message may carry several frames
 * separated by NUL, and heart-beats (bare end-of-lines) may come between them; a frame cut across messages is kept
 * until its NUL arrives. Bodies are read up to the NUL: Moim's JSON never contains one (the server refuses NUL in
 * text), so {@code content-length}, which counts bytes, is not needed on a text socket.
 *
 * <p>Not thread-safe: one decoder per connection, fed in the order the messages arrive.
 */
public final class StompDecoder {

    private final StringBuilder pending = new StringBuilder();
    private long heartBeats;

    /** Feeds the text of one WebSocket message (or part of one) and returns the frames it completed. */
    public List<StompFrame> feed(CharSequence text) {
        pending.append(text);
        List<StompFrame> frames = new ArrayList<>(1);
        int start = 0;
        while (true) {
            start = skipHeartBeats(start);
            if (start >= pending.length()) {
                break;
            }
            int end = indexOfNul(start);
            if (end < 0) {
                break;
            }
            frames.add(parse(start, end));
            start = end + 1;
        }
        pending.delete(0, start);
        return frames;
    }

    /** How many heart-beats (end-of-lines outside frames) have arrived so far. */
    public long heartBeats() {
        return heartBeats;
    }

    private int skipHeartBeats(int from) {
        int i = from;
        while (i < pending.length()) {
            char c = pending.charAt(i);
            if (c == '\n') {
                heartBeats++;
            } else if (c != '\r') {
                break;
            }
            i++;
        }
        return i;
    }

    private int indexOfNul(int from) {
        for (int i = from; i < pending.length(); i++) {
            if (pending.charAt(i) == '\0') {
                return i;
            }
        }
        return -1;
    }

    private StompFrame parse(int start, int end) {
        int lineEnd = lineEnd(start, end);
        String command = trimCr(pending.substring(start, lineEnd));
        boolean unescape = !command.equals("CONNECT") && !command.equals("CONNECTED");
        Map<String, String> headers = new HashMap<>();
        int position = Math.min(lineEnd + 1, end);
        while (position < end) {
            int next = lineEnd(position, end);
            String line = trimCr(pending.substring(position, next));
            position = Math.min(next + 1, end);
            if (line.isEmpty()) {
                break;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1);
            headers.putIfAbsent(unescape ? unescapeHeader(name) : name, unescape ? unescapeHeader(value) : value);
        }
        String body = position < end ? pending.substring(position, end) : "";
        return new StompFrame(command, headers, body);
    }

    private int lineEnd(int from, int end) {
        for (int i = from; i < end; i++) {
            if (pending.charAt(i) == '\n') {
                return i;
            }
        }
        return end;
    }

    private static String trimCr(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    static String unescapeHeader(String value) {
        if (value.indexOf('\\') < 0) {
            return value;
        }
        StringBuilder plain = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                switch (next) {
                    case 'n' -> plain.append('\n');
                    case 'r' -> plain.append('\r');
                    case 'c' -> plain.append(':');
                    case '\\' -> plain.append('\\');
                    default -> plain.append('\\').append(next);
                }
            } else {
                plain.append(c);
            }
        }
        return plain.toString();
    }
}
