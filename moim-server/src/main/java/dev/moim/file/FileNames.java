package dev.moim.file;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;

/**
 * The rules for a file's name. A name is only ever shown to people (it never becomes a path), so the rules are
 * about what would mislead them or break a download: path separators, invisible control characters, and the
 * direction overrides that make {@code "\u202Egnp.exe"} look like {@code "exe.png"}.
 */
final class FileNames {

    static final int MAX_BYTES = 255;

    private FileNames() {
    }

    static String valid(String fileName) {
        if (fileName == null || fileName.isBlank()) {
            throw invalid("A file needs a name.");
        }
        String name = Normalizer.normalize(fileName, Normalizer.Form.NFC);
        for (int i = 0; i < name.length(); ) {
            int c = name.codePointAt(i);
            if (c == '/' || c == '\\') {
                throw invalid("A file name cannot contain / or \\.");
            }
            if (Character.getType(c) == Character.CONTROL) {
                throw invalid("A file name cannot contain control characters.");
            }
            if (isDirectionControl(c)) {
                throw invalid("A file name cannot contain text-direction control characters.");
            }
            if (Character.getType(c) == Character.SURROGATE) {
                throw invalid("A file name cannot contain half of a character (an unpaired surrogate).");
            }
            i += Character.charCount(c);
        }
        if (name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            throw invalid("A file name can be at most " + MAX_BYTES + " bytes long.");
        }
        if (name.chars().allMatch(c -> c == '.')) {
            throw invalid("A file name cannot be only dots.");
        }
        char last = name.charAt(name.length() - 1);
        if (last == '.' || Character.isWhitespace(last) || Character.isSpaceChar(last)) {
            throw invalid("A file name cannot end in a dot or a space.");
        }
        return name;
    }

    /** The text after the last dot, in lower case; empty when there is none. */
    static String extension(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static boolean isDirectionControl(int c) {
        return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200E || c == 0x200F || c == 0x061C;
    }

    private static MoimException invalid(String message) {
        return new MoimException(ErrorCode.INVALID_FILE_NAME, message);
    }
}
