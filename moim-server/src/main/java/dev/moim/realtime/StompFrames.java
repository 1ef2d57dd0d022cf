package dev.moim.realtime;

import java.nio.charset.StandardCharsets;

/**
 * STOMP frames Moim writes itself, bypassing Spring's per-recipient message and encoder: a room event's frame is
 * built once and only the two headers STOMP requires per subscriber vary. The same wire format as Spring's
 * {@code StompEncoder} (STOMP 1.2, escaped header values, {@code content-length}, NUL at the end).
 */
final class StompFrames {

    private StompFrames() {
    }

    /** A frame's text and its size in UTF-8 bytes, counted without encoding it again (buffers count bytes). */
    record Frame(String text, int bytes) {
    }

    /** STOMP 1.2 header escaping: a client's subscription or receipt id cannot break out of its header. */
    static String escape(String value) {
        StringBuilder escaped = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = switch (c) {
                case '\\' -> "\\\\";
                case ':' -> "\\c";
                case '\n' -> "\\n";
                case '\r' -> "\\r";
                default -> null;
            };
            if (replacement != null && escaped == null) {
                escaped = new StringBuilder(value.length() + 8).append(value, 0, i);
            }
            if (escaped != null) {
                if (replacement != null) {
                    escaped.append(replacement);
                } else {
                    escaped.append(c);
                }
            }
        }
        return escaped == null ? value : escaped.toString();
    }

    static int utf8Length(String text) {
        int ascii = 0;
        while (ascii < text.length() && text.charAt(ascii) < 0x80) {
            ascii++;
        }
        return ascii == text.length() ? ascii : ascii + text.substring(ascii).getBytes(StandardCharsets.UTF_8).length;
    }

    /** RECEIPT for a client frame; {@code seq} names the stored message when the frame was a SEND. */
    static Frame receipt(String receiptId, Long seq) {
        String frame = "RECEIPT\nreceipt-id:" + escape(receiptId) + (seq == null ? "" : "\nseq:" + seq) + "\n\n\0";
        return new Frame(frame, utf8Length(frame));
    }

    /**
     * The ERROR frame that ends a session: the {@code message} header is the error code, the body a JSON object
     * {@code {code, message}}.
     */
    static Frame error(String code, String jsonBody) {
        String frame = "ERROR\nmessage:" + escape(code) + "\ncontent-type:application/json\ncontent-length:"
                + utf8Length(jsonBody) + "\n\n" + jsonBody + "\0";
        return new Frame(frame, utf8Length(frame));
    }

    /**
     * One room event as it goes to every subscriber: the headers and body common to all, written once; {@link #to}
     * adds the subscription and a message-id unique to that subscriber.
     */
    static final class RoomFrame {
        private final String head;
        private final String tail;
        private final int fixedBytes;

        RoomFrame(String destination, long eventNo, String jsonBody) {
            this.head = "MESSAGE\ndestination:" + destination + "\ncontent-type:application/json\ncontent-length:"
                    + utf8Length(jsonBody) + "\nmessage-id:" + Long.toString(eventNo, 36) + "-";
            this.tail = "\n\n" + jsonBody + "\0";
            this.fixedBytes = head.length() + utf8Length(tail);
        }

        Frame to(RoomSubscriptions.Subscriber subscriber) {
            String frame = new StringBuilder(head.length() + subscriber.header().length() + tail.length())
                    .append(head).append(subscriber.header()).append(tail).toString();
            return new Frame(frame, fixedBytes + subscriber.headerBytes());
        }
    }
}
