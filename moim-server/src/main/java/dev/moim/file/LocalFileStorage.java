package dev.moim.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/**
 * The embedded store: each object is a file {@code <data-dir>/files/<key>}. A put writes a temporary file beside the
 * target, fsyncs it, renames it into place and fsyncs the directory, so an acknowledged upload survives kill -9 and a
 * reader sees the old object or the new one, never half of one. The content type is not kept: the database has it.
 *
 * <p>Emptied directories are left in place: keys share a few directories (one per kind of object), and removing one
 * could race with a put creating a file in it.
 */
public class LocalFileStorage implements FileStorage {

    private final Path root;

    public LocalFileStorage(Path root) {
        this.root = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(this.root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the file store at " + this.root, e);
        }
    }

    @Override
    public void put(String key, Path source, String contentType) {
        Path target = path(key);
        Path temp = null;
        try {
            Path dir = target.getParent();
            createDirectory(dir);
            // Starts with '.', which no key segment does, so it can never be taken for an object.
            temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
                 FileChannel out = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                long size = in.size();
                for (long copied = 0; copied < size; ) {
                    long n = in.transferTo(copied, size - copied, out);
                    if (n <= 0) {
                        throw new IOException(source + " shrank while it was stored");
                    }
                    copied += n;
                }
                out.force(true);
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
            fsyncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot store " + key + " in " + root, e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // The put has failed already; a stray temporary file does no harm.
                }
            }
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        Path path = path(key);
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return attributes.isRegularFile() ? Optional.of(new StoredObject(attributes.size())) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + key + " in " + root, e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        Path path = path(key);
        StorageKeys.checkRange(offset, length);
        // A key that names a directory (the parent of other keys) is no object.
        if (Files.isDirectory(path)) {
            throw new NoSuchFileException(key);
        }
        return new RangeStream(FileChannel.open(path, StandardOpenOption.READ), offset, length);
    }

    @Override
    public void delete(String key) {
        Path path = path(key);
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + key + " in " + root, e);
        }
    }

    @Override
    public String toString() {
        return "local files in " + root;
    }

    private Path path(String key) {
        return root.resolve(StorageKeys.check(key));
    }

    /** Creates the directory and any missing parents, each made durable in its own parent, as the file will be. */
    private void createDirectory(Path dir) throws IOException {
        if (Files.isDirectory(dir) || dir.equals(root)) {
            return;
        }
        createDirectory(dir.getParent());
        try {
            Files.createDirectory(dir);
            fsyncDirectory(dir.getParent());
        } catch (FileAlreadyExistsException e) {
            // made by a concurrent put, which made it durable too
        }
    }

    /** Makes the directory's entries (a renamed or created name) durable. */
    private static void fsyncDirectory(Path dir) throws IOException {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Windows cannot open a directory; there the rename is as durable as NTFS makes it.
            if (!System.getProperty("os.name", "").startsWith("Windows")) {
                throw e;
            }
        }
    }

    /** Reads {@code [offset, offset + length)} with positional reads, so nothing but the channel is held. */
    private static final class RangeStream extends InputStream {

        private final FileChannel channel;
        private long position;
        private long remaining;

        RangeStream(FileChannel channel, long offset, long length) {
            this.channel = channel;
            this.position = offset;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(buffer, off, (int) Math.min(len, remaining)), position);
            if (n < 0) {
                remaining = 0;
                return -1;
            }
            position += n;
            remaining -= n;
            return n;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
