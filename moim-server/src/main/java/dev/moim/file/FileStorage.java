package dev.moim.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the bytes of photos, files and profile pictures live: a directory under the data directory (embedded) or an
 * S3-compatible bucket (cluster mode, {@code moim.files.storage=s3}). One contract suite, {@code FileStorageContract},
 * runs against every adapter.
 *
 * <p>Keys are Moim's own, never a user's file name (that stays in the database): segments of lowercase letters,
 * digits, '-' and '.' joined by '/', each segment starting with a letter or a digit, such as {@code files/<uuid>} or
 * {@code avatars/<uuid>-512}. So a key can neither climb out of the local directory nor clash with the local adapter's
 * temporary files (which start with '.'). Any other key is refused with {@link IllegalArgumentException} before the
 * store is touched.
 *
 * <p>A failure of the store itself (disk, network, S3 refusing) is an {@link java.io.UncheckedIOException}, or an
 * {@link IOException} where one is declared; the service layer answers it with SERVER_BUSY.
 */
public interface FileStorage {

    /**
     * Stores the local file {@code source} under {@code key}, replacing what the key held. The source is copied, not
     * moved: the caller deletes it. Durable when it returns.
     *
     * @param contentType the object's media type where the store keeps one (S3), or null
     */
    void put(String key, Path source, String contentType);

    /** The object under {@code key}, or empty if there is none. */
    Optional<StoredObject> stat(String key);

    /**
     * The bytes {@code [offset, offset + length)} of the object, streamed (never held in memory whole); the caller
     * closes the stream. A range reaching past the end of the object ends where the object does.
     *
     * @throws java.nio.file.NoSuchFileException if there is no object under {@code key}
     * @throws IllegalArgumentException          if the key is not one of Moim's, or offset or length is negative
     */
    InputStream open(String key, long offset, long length) throws IOException;

    /** Deletes the object; one that is not there is not an error (two nodes may delete the same key). */
    void delete(String key);

    record StoredObject(long size) {
    }
}
