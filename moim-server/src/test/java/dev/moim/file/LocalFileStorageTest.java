package dev.moim.file;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract on a directory, and what only files on the node's own disk show. */
class LocalFileStorageTest extends FileStorageContract {

    @TempDir
    Path dataDir;

    private Path root() {
        return dataDir.resolve("files");
    }

    @Override
    protected FileStorage storage() {
        return new LocalFileStorage(root());
    }

    @Override
    protected List<String> storedNames() throws IOException {
        try (Stream<Path> paths = Files.walk(root())) {
            return paths.filter(Files::isRegularFile).map(p -> root().relativize(p).toString().replace('\\', '/'))
                    .sorted().toList();
        }
    }

    private Path upload(String name, String content) throws IOException {
        Path source = dataDir.resolve(name);
        Files.writeString(source, content);
        return source;
    }

    @Test
    void anObjectIsTheFileNamedByItsKey() throws IOException {
        LocalFileStorage storage = new LocalFileStorage(root());
        storage.put("avatars/0193c0de-512", upload("upload", "a picture"), "image/webp");

        assertThat(root().resolve("avatars").resolve("0193c0de-512")).hasContent("a picture");
    }

    @Test
    void putsLeaveNoTemporaryFilesBehind() throws IOException {
        LocalFileStorage storage = new LocalFileStorage(root());
        for (int i = 0; i < 20; i++) {
            storage.put("files/same", upload("upload-" + i, "version " + i), "text/plain");
            storage.put("files/other-" + i, upload("other-" + i, "other " + i), "text/plain");
        }
        storage.delete("files/other-3");
        // One that fails half-way: the temporary file was made before the source turned out to be missing.
        assertThatThrownBy(() -> storage.put("files/same", dataDir.resolve("missing"), "text/plain"))
                .isInstanceOf(UncheckedIOException.class);

        try (Stream<Path> paths = Files.walk(root())) {
            List<String> names = paths.filter(p -> !p.equals(root())).map(p -> p.getFileName().toString()).toList();
            assertThat(names).hasSize(1 + 1 + 19).noneMatch(name -> name.startsWith(".") || name.endsWith(".tmp"));
        }
        assertThat(root().resolve("files/same")).hasContent("version 19");
    }

    @Test
    void whatWasPutIsThereForTheNextStart() throws IOException {
        new LocalFileStorage(root()).put("files/kept", upload("upload", "still here"), "text/plain");

        FileStorage reopened = new LocalFileStorage(root());

        assertThat(reopened.stat("files/kept")).contains(new FileStorage.StoredObject(10));
        try (InputStream in = reopened.open("files/kept", 6, 4)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("here");
        }
    }

    @Test
    void aKeyNamingADirectoryHasNoObject() throws IOException {
        LocalFileStorage storage = new LocalFileStorage(root());
        storage.put("photos/2026/a", upload("upload", "in a folder"), "text/plain");

        assertThat(storage.stat("photos/2026")).isEmpty();
        assertThatThrownBy(() -> storage.open("photos/2026", 0, 1)).isInstanceOf(NoSuchFileException.class);
    }
}
