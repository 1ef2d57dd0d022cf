package dev.moim.view;

/**
 * What a reply shows of the message it answers, as that message is now: an edit shows its new text, a deletion
 * {@code deleted: true} and no excerpt. {@code excerpt} is the first {@link Excerpts#MAX} characters of the text, or
 * for a photo or file without a caption "photo" or the file's name.
 *
 * <p>A member who joined after the original cannot see it, so their copy of the quote names only its {@code seq}:
 * {@code sender}, {@code type} and {@code excerpt} are null ({@link #hidden}).
 */
public record ReplyQuote(long seq, Sender sender, MessageType type, String excerpt, boolean deleted) {

    /** The quote for a member who may not see the original (it is from before they joined). */
    public static ReplyQuote hidden(long seq) {
        return new ReplyQuote(seq, null, null, null, false);
    }
}
