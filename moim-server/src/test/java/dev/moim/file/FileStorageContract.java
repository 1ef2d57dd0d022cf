package dev.moim.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every file store adapter must do. Each adapter's test supplies a fresh, empty store and a way to list what it
 * really holds, behind the port's back.
 */
public abstract class FileStorageContract {

    /** A fresh, empty store. */
    protected abstract FileStorage storage();

    /** Every name the store holds, whatever put it there (temporary files included), sorted. */
    protected abstract List<String> storedNames() throws IOException;

    @TempDir
    Path sources;

    private FileStorage storage;
    private int sourceCount;

    @BeforeEach
    void emptyStore() {
        storage = storage();
    }

    private Path source(byte[] content) throws IOException {
        return Files.write(sources.resolve("upload-" + sourceCount++), content);
    }

    private Path put(String key, byte[] content) throws IOException {
        Path source = source(content);
        storage.put(key, source, "application/octet-stream");
        return source;
    }

    private byte[] read(String key, long offset, long length) throws IOException {
        try (InputStream in = storage.open(key, offset, length)) {
            return in.readAllBytes();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void whatIsPutIsThereWholeAndTheSourceIsLeftInPlace() throws IOException {
        byte[] content = bytes("지난 모임 사진 모음 — photos from the last meet-up");
        Path source = put("files/0193c0de-7a3e-7b0c-9f1e-1a2b3c4d5e6f", content);

        assertThat(storage.stat("files/0193c0de-7a3e-7b0c-9f1e-1a2b3c4d5e6f"))
                .contains(new FileStorage.StoredObject(content.length));
        assertThat(read("files/0193c0de-7a3e-7b0c-9f1e-1a2b3c4d5e6f", 0, content.length)).isEqualTo(content);
        assertThat(source).exists().hasBinaryContent(content);
        assertThat(storedNames()).containsExactly("files/0193c0de-7a3e-7b0c-9f1e-1a2b3c4d5e6f");
    }

    @Test
    void rangesReadExactlyTheirBytes() throws IOException {
        byte[] content = new byte[10_000];
        new Random(7).nextBytes(content);
        put("files/ranged", content);

        assertThat(read("files/ranged", 0, 100)).isEqualTo(Arrays.copyOfRange(content, 0, 100));
        assertThat(read("files/ranged", 4_321, 1_234)).isEqualTo(Arrays.copyOfRange(content, 4_321, 5_555));
        assertThat(read("files/ranged", 9_000, 1_000)).isEqualTo(Arrays.copyOfRange(content, 9_000, 10_000));
        assertThat(read("files/ranged", 9_999, 1)).containsExactly(content[9_999]);
        assertThat(read("files/ranged", 0, 1)).containsExactly(content[0]);
        assertThat(read("files/ranged", 5_000, 0)).isEmpty();
        assertThat(read("files/ranged", 0, 0)).isEmpty();
    }

    @Test
    void aRangePastTheEndEndsWithTheObject() throws IOException {
        byte[] content = bytes("0123456789");
        put("files/short", content);

        assertThat(read("files/short", 6, 100)).isEqualTo(bytes("6789"));
        assertThat(read("files/short", 10, 5)).isEmpty();
        assertThat(read("files/short", 50, 5)).isEmpty();
    }

    @Test
    void aNegativeRangeIsRefused() throws IOException {
        put("files/short", bytes("0123456789"));

        assertThatThrownBy(() -> storage.open("files/short", -1, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.open("files/short", 0, -5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.open("files/short", 5, Long.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLargeObjectStreamsBackByteForByte() throws IOException {
        long size = 8L * 1024 * 1024 + 123;
        Path source = sources.resolve("large.bin");
        Random random = new Random(42);
        byte[] chunk = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(source)) {
            for (long written = 0; written < size; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk, 0, (int) Math.min(chunk.length, size - written));
            }
        }
        storage.put("files/large", source, "video/mp4");

        assertThat(storage.stat("files/large")).contains(new FileStorage.StoredObject(size));
        try (InputStream whole = storage.open("files/large", 0, size); InputStream expected = Files.newInputStream(source)) {
            assertThat(sha256(whole)).isEqualTo(sha256(expected));
        }
        // The second half, as a resumed download asks for it.
        long half = size / 2;
        try (InputStream tail = storage.open("files/large", half, size - half);
             InputStream expected = Files.newInputStream(source)) {
            expected.skipNBytes(half);
            assertThat(sha256(tail)).isEqualTo(sha256(expected));
        }
    }

    @Test
    void aStreamClosedEarlyLeavesTheStoreUsable() throws IOException {
        byte[] content = new byte[2 * 1024 * 1024];
        new Random(3).nextBytes(content);
        put("files/abandoned", content);

        for (int i = 0; i < 20; i++) {
            try (InputStream in = storage.open("files/abandoned", 0, content.length)) {
                assertThat(in.readNBytes(1_000)).isEqualTo(Arrays.copyOfRange(content, 0, 1_000));
            }
        }
        assertThat(read("files/abandoned", 1_000_000, 10)).isEqualTo(Arrays.copyOfRange(content, 1_000_000, 1_000_010));
    }

    @Test
    void puttingAKeyAgainReplacesItsObject() throws IOException {
        put("avatars/0193c0de-512", bytes("the first, longer picture"));
        put("avatars/0193c0de-512", bytes("second"));

        assertThat(storage.stat("avatars/0193c0de-512")).contains(new FileStorage.StoredObject(6));
        assertThat(read("avatars/0193c0de-512", 0, 100)).isEqualTo(bytes("second"));
        assertThat(storedNames()).containsExactly("avatars/0193c0de-512");
    }

    @Test
    void aMissingKeyHasNoObject() {
        assertThat(storage.stat("files/never-put")).isEmpty();
        assertThatThrownBy(() -> storage.open("files/never-put", 0, 10))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("files/never-put");
        assertThatThrownBy(() -> storage.open("files/never-put", 0, 0)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aDeletedObjectIsGoneAndOthersStay() throws IOException {
        put("thumbs/one", bytes("one"));
        put("thumbs/two", bytes("two"));

        storage.delete("thumbs/one");

        assertThat(storage.stat("thumbs/one")).isEmpty();
        assertThatThrownBy(() -> storage.open("thumbs/one", 0, 3)).isInstanceOf(NoSuchFileException.class);
        assertThat(read("thumbs/two", 0, 3)).isEqualTo(bytes("two"));
        assertThat(storedNames()).containsExactly("thumbs/two");
    }

    @Test
    void deletingAMissingKeyIsNoError() throws IOException {
        storage.delete("files/never-put");
        put("files/twice", bytes("x"));
        storage.delete("files/twice");
        storage.delete("files/twice");

        assertThat(storage.stat("files/twice")).isEmpty();
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void keysThatAreNotMoimsAreRefusedAndNothingIsWritten() throws IOException {
        Path source = source(bytes("payload"));
        for (String key : new String[] {"../x", "files/../../etc/passwd", "/abs", "/files/a", "a//b", "files/..",
                "files/.", "files/./a", "./a", ".hidden", "files/", "", "Files/A", "files/ABC", "files/a b", " files/a",
                "files\\a", "files/한글", "files/a?b", "files/a%2f", "files/a\u0000", "files/" + "a".repeat(600)}) {
            assertThatThrownBy(() -> storage.put(key, source, "text/plain")).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storage.stat(key)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storage.open(key, 0, 1)).as(key).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> storage.delete(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> storage.put(null, source, "text/plain")).isInstanceOf(IllegalArgumentException.class);

        assertThat(storedNames()).isEmpty();
    }

    @Test
    void keysOfEveryKindMoimUsesAreTakenAsTheyAre() throws IOException {
        List<String> keys = List.of("files/0193c0de-7a3e-7b0c-9f1e-1a2b3c4d5e6f", "thumbs/0193c0de-7a3e-7b0c-9f1e-1a2b3c4d5e6f",
                "avatars/0193c0de-7a3e-7b0c-9f1e-1a2b3c4d5e6f-512", "avatars/0193c0de-7a3e-7b0c-9f1e-1a2b3c4d5e6f-64",
                "photos/2026/11/a.b.c");
        for (String key : keys) {
            put(key, bytes(key));
        }
        for (String key : keys) {
            assertThat(read(key, 0, 1_000)).as(key).isEqualTo(bytes(key));
        }
        assertThat(storedNames()).containsExactlyInAnyOrderElementsOf(keys);
    }

    @Test
    void textAndBinaryComeBackUntouched() throws IOException {
        byte[] binary = new byte[256 * 3];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        byte[] text = bytes("줄 끝이 다른 글\r\n두 번째 줄\n\u0000NUL 뒤, 이모지 🎉 그리고 BOM \uFEFF\r");
        put("files/binary", binary);
        put("files/text", text);

        assertThat(read("files/binary", 0, binary.length)).isEqualTo(binary);
        assertThat(read("files/text", 0, text.length)).isEqualTo(text);
        assertThat(storage.stat("files/text")).contains(new FileStorage.StoredObject(text.length));
    }

    @Test
    void anEmptyObjectIsAnObject() throws IOException {
        put("files/empty", new byte[0]);

        assertThat(storage.stat("files/empty")).contains(new FileStorage.StoredObject(0));
        assertThat(read("files/empty", 0, 0)).isEmpty();
        assertThat(read("files/empty", 0, 10)).isEmpty();
    }

    @Test
    void aSourceThatIsNotThereFailsThePutAndStoresNothing() throws IOException {
        put("files/kept", bytes("the old object"));

        assertThatThrownBy(() -> storage.put("files/kept", sources.resolve("gone"), "text/plain"))
                .isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> storage.put("files/new", sources.resolve("gone"), "text/plain"))
                .isInstanceOf(UncheckedIOException.class);

        assertThat(read("files/kept", 0, 100)).isEqualTo(bytes("the old object"));
        assertThat(storedNames()).containsExactly("files/kept");
    }

    private static String sha256(InputStream in) throws IOException {
        try {
            DigestInputStream digesting = new DigestInputStream(in, MessageDigest.getInstance("SHA-256"));
            digesting.transferTo(OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(digesting.getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
