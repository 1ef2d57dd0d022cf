package dev.moim.trending;

import java.text.Normalizer;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a search query becomes the keyword it is counted as: the whole query, with its case and spacing evened out,
 * so that "콘서트  티켓" and " 콘서트 티켓" count as one keyword. Queries that say nothing worth ranking (empty,
 * very long, or made only of stop words) give no keyword.
 */
public final class Keywords {

    /** Longer queries are pasted text, not keywords; they would only crowd the ranking's memory. */
    public static final int MAX_CODE_POINTS = 100;

    /** Any run of white space, Unicode's included (the ideographic space of Korean keyboards, no-break space). */
    private static final Pattern SPACES = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    /**
     * Words that rank nothing alone: Korean particles and endings typed as words of their own, and English
     * function words. A query made only of these is left out; a query containing one is counted whole.
     */
    private static final Set<String> STOP_WORDS = Set.of(
            // Korean particles (조사) and common function words
            "은", "는", "이", "가", "을", "를", "의", "에", "에서", "에게", "께", "한테", "와", "과", "도", "로", "으로",
            "만", "부터", "까지", "랑", "이랑", "하고", "요", "및", "등", "또는", "그리고", "그", "저", "것", "수",
            // English
            "a", "an", "the", "and", "or", "but", "not", "no", "of", "to", "in", "on", "at", "by", "for", "from",
            "with", "as", "about", "into", "is", "are", "was", "were", "be", "been", "am", "do", "does", "did",
            "it", "its", "this", "that", "these", "those", "i", "me", "my", "you", "your", "he", "she", "we",
            "they", "them", "what", "which", "who", "how", "so", "if", "then", "than");

    /**
     * Order by Unicode code point, which is the order of the UTF-8 bytes: the order Redis gives members of equal
     * score, so both adapters break ties alike.
     */
    public static final Comparator<String> CODE_POINT_ORDER = Keywords::compareCodePoints;

    private Keywords() {
    }

    /** The keyword a query counts as, or empty when it is not counted. */
    public static Optional<String> keyword(String query) {
        if (query == null) {
            return Optional.empty();
        }
        String text = Normalizer.normalize(query, Normalizer.Form.NFC);
        text = SPACES.matcher(text).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
        if (text.isEmpty() || text.codePointCount(0, text.length()) > MAX_CODE_POINTS || !printable(text)) {
            return Optional.empty();
        }
        for (String word : text.split(" ")) {
            // A word of punctuation alone ("!", "*") is not something people look for either.
            if (!STOP_WORDS.contains(word) && word.codePoints().anyMatch(Character::isLetterOrDigit)) {
                return Optional.of(text);
            }
        }
        return Optional.empty();
    }

    /** No control characters and no half of a surrogate pair: such text is garbage, not a keyword. */
    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isISOControl(c)) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Boolean.compare(i < a.length(), j < b.length());
    }
}
