package dev.moim.common;

/**
 * The one rule for text that enters Moim, whatever the store: no NUL, no other control character except tab, line
 * feed and carriage return, and no unpaired surrogate (half of an emoji). PostgreSQL cannot store NUL at all and its
 * driver would turn a lone surrogate into '?', while H2 keeps both; refusing them keeps the two stores alike and
 * means what is acknowledged is exactly what is stored.
 */
public final class Text {

    public static final String RULE =
            "must not contain NUL, control characters other than tab and line breaks, or unpaired surrogates";

    private Text() {
    }

    public static boolean isPlain(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                } else {
                    return false;
                }
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** Refuses {@code value} with VALIDATION_FAILED naming {@code field} unless it keeps the rule (null passes). */
    public static String require(String field, String value) {
        if (value != null && !isPlain(value)) {
            throw new InvalidField(field, RULE);
        }
        return value;
    }
}
