package dev.moim.file;

import java.util.regex.Pattern;

/** The checks every adapter makes before it touches its store (see {@link FileStorage} for what a key is). */
final class StorageKeys {

    /** Longer keys are a bug of the caller; S3 allows 1,024 bytes, file systems 255 per name. */
    static final int MAX_LENGTH = 512;

    private static final Pattern VALID = Pattern.compile("[a-z0-9][a-z0-9.-]*(/[a-z0-9][a-z0-9.-]*)*");

    private StorageKeys() {
    }

    /** Returns {@code key} if it is one of Moim's keys; throws {@link IllegalArgumentException} if not. */
    static String check(String key) {
        if (key == null || key.length() > MAX_LENGTH || !VALID.matcher(key).matches()) {
            throw new IllegalArgumentException("Not a storage key: " + (key == null ? "null" : '"' + key + '"'));
        }
        return key;
    }

    /** Checks a range asked of {@link FileStorage#open}. */
    static void checkRange(long offset, long length) {
        if (offset < 0 || length < 0 || length > Long.MAX_VALUE - offset) {
            throw new IllegalArgumentException("Not a byte range: offset " + offset + ", length " + length);
        }
    }
}
