package dev.moim.support;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.moim.config.MoimProperties;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;

/**
 * A real S3-compatible server (S3Proxy over its in-memory {@code transient} blob store) in the test's JVM, on
 * 127.0.0.1 at a port of its own, checking SigV4 signatures against {@link #ACCESS_KEY} and {@link #SECRET_KEY}.
 * It starts with one empty bucket, {@link #BUCKET}.
 *
 * <p>{@link #shared()} is the one server of the test JVM, started on first use and stopped when the JVM exits (do
 * not close it); {@link #start()} gives a private one, which its caller closes. To run Moim on it, pass
 * {@link #properties()}: through {@code TestPropertyValues.of(...)} or a {@code @DynamicPropertySource} for a node in
 * the test's JVM, with {@code --} before each for a {@code MoimServerProcess}. Each test that must not see other
 * tests' objects can take a bucket of its own from {@link #newBucket()} and {@link #settings(String)}.
 */
public final class EmbeddedS3 implements AutoCloseable {

    public static final String ACCESS_KEY = "moim-test-access";
    public static final String SECRET_KEY = "moim-test-secret-key";
    public static final String REGION = "us-east-1";
    public static final String BUCKET = "moim-files";

    private static final Duration STARTUP = Duration.ofSeconds(30);

    private static EmbeddedS3 shared;

    private final S3Proxy proxy;
    private final BlobStore blobs;

    private EmbeddedS3(S3Proxy proxy, BlobStore blobs) {
        this.proxy = proxy;
        this.blobs = blobs;
    }

    /** The server of this JVM, started the first time it is asked for and stopped when the JVM exits. */
    public static synchronized EmbeddedS3 shared() {
        if (shared == null) {
            shared = start();
            EmbeddedS3 server = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "embedded-s3-stop"));
        }
        return shared;
    }

    /** A server of the caller's own, with the bucket {@link #BUCKET}. */
    public static EmbeddedS3 start() {
        BlobStore blobs = BlobStores.create("transient", new Properties());
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(blobs)
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + STARTUP.toNanos();
            // start() can return before Jetty is listening.
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy was not up within " + STARTUP + " (state " + proxy.getState() + ")");
                }
                Thread.sleep(10);
            }
        } catch (Exception e) {
            stopQuietly(proxy);
            throw e instanceof RuntimeException r ? r : new IllegalStateException("Could not start S3Proxy", e);
        }
        blobs.createContainer(BUCKET);
        return new EmbeddedS3(proxy, blobs);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    /** A new, empty bucket, for a test that must not see what others stored. */
    public String newBucket() {
        String bucket = "test-" + UUID.randomUUID();
        blobs.createContainer(bucket);
        return bucket;
    }

    /** Moim's settings for a bucket of this server. */
    public MoimProperties.S3 settings(String bucket) {
        return new MoimProperties.S3(endpoint(), REGION, bucket, true, ACCESS_KEY, SECRET_KEY, false);
    }

    /** Moim's configuration to store its files in {@link #BUCKET}, as {@code name=value}. */
    public List<String> properties() {
        return List.of(
                "moim.files.storage=s3",
                "moim.files.s3.endpoint=" + endpoint(),
                "moim.files.s3.region=" + REGION,
                "moim.files.s3.bucket=" + BUCKET,
                "moim.files.s3.path-style=true",
                "moim.files.s3.access-key=" + ACCESS_KEY,
                "moim.files.s3.secret-key=" + SECRET_KEY,
                "moim.files.s3.create-bucket=false");
    }

    @Override
    public void close() {
        stopQuietly(proxy);
    }

    private static void stopQuietly(S3Proxy proxy) {
        try {
            proxy.stop();
        } catch (Exception e) {
            // stopping a test server: nothing left to do about it
        }
    }
}
