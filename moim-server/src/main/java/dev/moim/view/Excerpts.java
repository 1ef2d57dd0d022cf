package dev.moim.view;

import java.util.List;

/** The few words that stand for a message in a reply's quote or the room's notice. */
public final class Excerpts {

    /** At most this many characters (code points, so an emoji is never cut in half). */
    public static final int MAX = 100;

    private Excerpts() {
    }

    /**
     * The start of the text; for a photo or file without a caption, "photo" or the file's name. Null for a deleted
     * message (its content is null).
     */
    public static String of(MessageType type, String content, String meta) {
        if (content == null) {
            return null;
        }
        if (content.isBlank() && type.carriesFiles()) {
            List<AttachmentView> files = AttachmentView.decode(meta);
            return type == MessageType.FILE && !files.isEmpty() ? cut(files.getFirst().name()) : "photo";
        }
        return cut(content);
    }

    private static String cut(String text) {
        return cut(text, MAX, "");
    }

    /**
     * The text, or its first {@code max} code points followed by {@code mark} when it is longer: an emoji is never
     * cut in half.
     */
    public static String cut(String text, int max, String mark) {
        return text.codePointCount(0, text.length()) <= max ? text : text.substring(0, text.offsetByCodePoints(0, max)) + mark;
    }
}
