package dev.moim.file;

import java.nio.file.Path;

import dev.moim.config.MoimProperties;
import dev.moim.support.EmbeddedS3;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code moim.files.storage} picks the adapter, and a name Moim does not know stops the start. */
class FileStorageConfigTest {

    @TempDir
    Path dataDir;

    private static MoimProperties.Files files(String storage, MoimProperties.S3 s3) {
        return new MoimProperties.Files(storage, null, null, 0, 0, 0, null, null, null, null, null, null, s3);
    }

    @Test
    void localStoresUnderTheDataDirectory() {
        FileStorage storage = FileStorageConfig.create(files("local", null), dataDir);

        assertThat(storage).isInstanceOf(LocalFileStorage.class)
                .hasToString("local files in " + dataDir.resolve("files").toAbsolutePath());
        assertThat(dataDir.resolve("files")).isDirectory();
    }

    @Test
    void s3StoresInTheConfiguredBucket() throws Exception {
        EmbeddedS3 s3 = EmbeddedS3.shared();
        FileStorage created = FileStorageConfig.create(files("s3", s3.settings(EmbeddedS3.BUCKET)), dataDir);
        try (S3FileStorage storage = (S3FileStorage) created) {
            assertThat(storage).hasToString("S3 bucket " + EmbeddedS3.BUCKET + " at " + s3.endpoint());
            assertThat(storage.stat("files/not-there")).isEmpty();
        }
        assertThat(dataDir.resolve("files")).doesNotExist();
    }

    @Test
    void anUnknownStorageStopsTheStart() {
        assertThatThrownBy(() -> FileStorageConfig.create(files("ftp", null), dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("moim.files.storage must be local or s3, not 'ftp'");
        assertThatThrownBy(() -> FileStorageConfig.create(files("", null), dataDir))
                .isInstanceOf(IllegalStateException.class);
    }
}
