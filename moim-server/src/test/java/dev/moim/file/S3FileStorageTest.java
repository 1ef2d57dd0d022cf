package dev.moim.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.moim.config.MoimProperties;
import dev.moim.support.EmbeddedS3;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The contract against a real S3-compatible server (S3Proxy), and what only a remote store shows. */
class S3FileStorageTest extends FileStorageContract {

    private static EmbeddedS3 s3;
    /** Straight to the server, as an operator would look at the bucket, behind the adapter's back. */
    private static S3Client raw;

    @TempDir
    Path uploads;

    private final List<S3FileStorage> opened = new ArrayList<>();
    private String bucket;

    @BeforeAll
    static void startServer() {
        s3 = EmbeddedS3.shared();
        raw = S3Client.builder()
                .endpointOverride(URI.create(s3.endpoint()))
                .region(Region.of(EmbeddedS3.REGION))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY)))
                .build();
    }

    @AfterAll
    static void closeRaw() {
        raw.close();
    }

    @Override
    protected FileStorage storage() {
        bucket = s3.newBucket();
        return open(s3.settings(bucket));
    }

    private S3FileStorage open(MoimProperties.S3 settings) {
        S3FileStorage storage = new S3FileStorage(settings);
        opened.add(storage);
        return storage;
    }

    @AfterEach
    void closeAdapters() {
        opened.forEach(S3FileStorage::close);
    }

    @Override
    protected List<String> storedNames() {
        return raw.listObjectsV2Paginator(l -> l.bucket(bucket)).contents().stream().map(S3Object::key).sorted().toList();
    }

    private static MoimProperties.S3 withBucket(MoimProperties.S3 s, String bucket, boolean create) {
        return new MoimProperties.S3(s.endpoint(), s.region(), bucket, s.pathStyle(), s.accessKey(), s.secretKey(), create);
    }

    private Path upload(String content) throws IOException {
        return Files.writeString(uploads.resolve("upload-" + UUID.randomUUID()), content);
    }

    @Test
    void theObjectCarriesItsContentType() throws IOException {
        FileStorage storage = open(s3.settings(bucket));
        storage.put("thumbs/0193c0de", upload("not really a webp"), "image/webp");
        storage.put("files/0193c0de", upload("a contract"), "application/pdf");

        assertThat(raw.headObject(h -> h.bucket(bucket).key("thumbs/0193c0de")).contentType()).isEqualTo("image/webp");
        assertThat(raw.headObject(h -> h.bucket(bucket).key("files/0193c0de")).contentType()).isEqualTo("application/pdf");
    }

    @Test
    void aMissingBucketIsCreatedWhenAskedAndTheNextStartFindsIt() throws IOException {
        String fresh = "created-" + UUID.randomUUID();
        MoimProperties.S3 settings = withBucket(s3.settings(bucket), fresh, true);

        open(settings).put("files/first", upload("first"), "text/plain");
        S3FileStorage again = open(settings);

        assertThat(again.stat("files/first")).contains(new FileStorage.StoredObject(5));
        assertThat(raw.listBuckets().buckets()).anyMatch(b -> b.name().equals(fresh));
    }

    @Test
    void aMissingBucketNotToBeCreatedFailsEveryCall() throws IOException {
        S3FileStorage storage = open(withBucket(s3.settings(bucket), "never-created-" + UUID.randomUUID(), false));
        Path source = upload("nowhere to go");

        assertThatThrownBy(() -> storage.put("files/a", source, "text/plain")).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> storage.open("files/a", 0, 1)).isInstanceOf(IOException.class)
                .isNotInstanceOf(NoSuchFileException.class);
    }

    @Test
    void wrongCredentialsAreAFailureOfTheStoreNotAMissingObject() throws IOException {
        MoimProperties.S3 s = s3.settings(bucket);
        S3FileStorage storage = open(new MoimProperties.S3(s.endpoint(), s.region(), bucket, true, s.accessKey(),
                "not-the-secret", false));
        Path source = upload("refused");

        assertThatThrownBy(() -> storage.put("files/a", source, "text/plain"))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining(bucket);
        assertThatThrownBy(() -> storage.stat("files/a")).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> storage.open("files/a", 0, 1)).isInstanceOf(IOException.class)
                .isNotInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> storage.delete("files/a")).isInstanceOf(UncheckedIOException.class);
        assertThat(storedNames()).isEmpty();
    }

    @Test
    void aStoreThatIsNotThereFailsEveryCallQuickly() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        MoimProperties.S3 s = s3.settings(bucket);
        S3FileStorage down = open(new MoimProperties.S3("http://127.0.0.1:" + closedPort, s.region(), bucket, true,
                s.accessKey(), s.secretKey(), false));
        Path source = upload("lost?");
        long began = System.nanoTime();

        assertThatThrownBy(() -> down.put("files/a", source, "text/plain")).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> down.stat("files/a")).isInstanceOf(UncheckedIOException.class);
        assertThatThrownBy(() -> down.open("files/a", 0, 1)).isInstanceOf(IOException.class)
                .isNotInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> down.delete("files/a")).isInstanceOf(UncheckedIOException.class);
        assertThat(down.toString()).isEqualTo("S3 bucket " + bucket + " at http://127.0.0.1:" + closedPort);
        // A refused connection fails at once (after the SDK's few quick retries).
        assertThat((System.nanoTime() - began) / 1_000_000).isLessThan(10_000);
    }

    @Test
    void halfOfTheCredentialsIsRefusedAtStart() {
        MoimProperties.S3 s = s3.settings(bucket);
        assertThatThrownBy(() -> new S3FileStorage(new MoimProperties.S3(s.endpoint(), s.region(), bucket, true,
                s.accessKey(), "", false)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("access-key");
    }
}
