package dev.moim.bench.load;

/**
 * What the bench writes into each message's content so that any subscriber can tell, from the delivery alone,
 * which run and message it is and when it was meant to be sent: {@code moim-bench <run> <index> <intendedNanos>},
 * where {@code intendedNanos} counts from the bench process's own origin (one process, so {@link System#nanoTime()}
 * values compare).
 */
public record Marker(String run, long index, long intendedNanos) {

    static final String PREFIX = "moim-bench ";

    public String content() {
        return PREFIX + run + ' ' + index + ' ' + intendedNanos;
    }

    /** The content filled up with {@code x} to {@code length} characters (as it is, when it is that long already). */
    public String content(int length) {
        String content = content();
        return content.length() >= length ? content : content + ' ' + "x".repeat(length - content.length() - 1);
    }

    /** The clientMsgId of this message: unique per sender across rooms, as the server asks. */
    public String clientMsgId() {
        return run + '-' + index;
    }

    /** The marker in {@code content}, or null when the content is not one of the bench's messages. */
    public static Marker parse(String content) {
        if (content == null || !content.startsWith(PREFIX)) {
            return null;
        }
        int runEnd = content.indexOf(' ', PREFIX.length());
        int indexEnd = runEnd < 0 ? -1 : content.indexOf(' ', runEnd + 1);
        if (indexEnd < 0) {
            return null;
        }
        int intendedEnd = content.indexOf(' ', indexEnd + 1);
        try {
            return new Marker(content.substring(PREFIX.length(), runEnd),
                    Long.parseLong(content, runEnd + 1, indexEnd, 10),
                    Long.parseLong(content, indexEnd + 1, intendedEnd < 0 ? content.length() : intendedEnd, 10));
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
