package dev.moim.file;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import dev.moim.config.MoimProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Cluster mode's store: one bucket on S3 or any S3-compatible server, shared by every node, through the SDK's
 * blocking client over Apache HttpClient. A put is one PutObject, durable when S3 answers; a read is one ranged
 * GetObject streamed from the connection.
 */
public class S3FileStorage implements FileStorage, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(S3FileStorage.class);

    /** Each open download holds a connection until its stream is closed, so allow far more than the SDK's 50. */
    static final int MAX_CONNECTIONS = 256;

    private final S3Client client;
    private final String bucket;
    private final String where;

    public S3FileStorage(MoimProperties.S3 settings) {
        this.bucket = settings.bucket();
        boolean endpointGiven = settings.endpoint() != null && !settings.endpoint().isBlank();
        this.where = "S3 bucket " + bucket + (endpointGiven ? " at " + settings.endpoint() : " in " + settings.region());
        S3ClientBuilder builder = S3Client.builder()
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30))
                        .maxConnections(MAX_CONNECTIONS))
                .region(Region.of(settings.region()))
                .forcePathStyle(settings.pathStyle())
                .credentialsProvider(credentials(settings))
                // Checksums only where S3 requires them: the SDK's default (aws-chunked uploads with trailing
                // checksums) is refused by many S3-compatible servers. TLS and SigV4 still guard the bytes in transit.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        if (endpointGiven) {
            builder.endpointOverride(URI.create(settings.endpoint()));
        }
        this.client = builder.build();
        if (settings.createBucket()) {
            try {
                createBucketIfMissing(settings.region());
            } catch (RuntimeException e) {
                client.close();
                throw e;
            }
        }
    }

    private static AwsCredentialsProvider credentials(MoimProperties.S3 settings) {
        boolean access = settings.accessKey() != null && !settings.accessKey().isEmpty();
        boolean secret = settings.secretKey() != null && !settings.secretKey().isEmpty();
        if (access != secret) {
            throw new IllegalStateException("moim.files.s3.access-key and moim.files.s3.secret-key go together: "
                    + "give both, or neither to use the AWS SDK's default credentials");
        }
        return access
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()))
                : DefaultCredentialsProvider.builder().build();
    }

    private void createBucketIfMissing(String region) {
        try {
            client.headBucket(b -> b.bucket(bucket));
            return;
        } catch (NoSuchBucketException e) {
            log.info("Creating {}", where);
        } catch (SdkException e) {
            throw failure("look for the bucket", e);
        }
        try {
            client.createBucket(b -> {
                b.bucket(bucket);
                // Outside us-east-1, AWS wants the bucket's region named.
                if (!Region.US_EAST_1.id().equals(region)) {
                    b.createBucketConfiguration(c -> c.locationConstraint(region));
                }
            });
        } catch (BucketAlreadyOwnedByYouException e) {
            // another node created it at the same time
        } catch (SdkException e) {
            throw failure("create the bucket", e);
        }
    }

    @Override
    public void put(String key, Path source, String contentType) {
        StorageKeys.check(key);
        long size;
        try {
            size = Files.size(source);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + source + " to store it as " + key, e);
        }
        try {
            client.putObject(b -> b.bucket(bucket).key(key).contentLength(size).contentType(contentType),
                    RequestBody.fromFile(source));
        } catch (SdkException e) {
            throw failure("store " + key, e);
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        StorageKeys.check(key);
        try {
            return Optional.of(new StoredObject(client.headObject(b -> b.bucket(bucket).key(key)).contentLength()));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw failure("read " + key, e);
        } catch (SdkException e) {
            throw failure("read " + key, e);
        }
    }

    @Override
    public InputStream open(String key, long offset, long length) throws IOException {
        StorageKeys.check(key);
        StorageKeys.checkRange(offset, length);
        if (length == 0) {
            // There is no empty Range; only whether the object exists is asked.
            if (stat(key).isEmpty()) {
                throw new NoSuchFileException(key);
            }
            return InputStream.nullInputStream();
        }
        ResponseInputStream<GetObjectResponse> response;
        try {
            response = client.getObject(b -> b.bucket(bucket).key(key)
                    .range("bytes=" + offset + "-" + (offset + length - 1)));
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(key);
        } catch (S3Exception e) {
            if (e.statusCode() == 416) {
                // The range starts at or past the end of the object: nothing of it exists.
                return InputStream.nullInputStream();
            }
            throw new IOException(failureMessage("read " + key, e), e);
        } catch (SdkException e) {
            throw new IOException(failureMessage("read " + key, e), e);
        }
        GetObjectResponse answer = response.response();
        boolean wholeObject = answer.contentRange() == null;
        if (wholeObject && (offset > 0 || answer.contentLength() == null || answer.contentLength() > length)) {
            // A server that ignored the Range sent the whole object, whose first bytes are not these.
            response.abort();
            throw new IOException(where + " ignored the byte range asked for " + key);
        }
        return new RangeStream(response);
    }

    @Override
    public void delete(String key) {
        StorageKeys.check(key);
        try {
            client.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (NoSuchKeyException e) {
            // S3 answers 204 for a missing key; some compatible servers say 404
        } catch (SdkException e) {
            throw failure("delete " + key, e);
        }
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return where;
    }

    private UncheckedIOException failure(String what, SdkException e) {
        return new UncheckedIOException(new IOException(failureMessage(what, e), e));
    }

    private String failureMessage(String what, SdkException e) {
        return "Cannot " + what + " in " + where + ": " + e.getMessage();
    }

    /**
     * Closing a response that was not read to its end would make the HTTP client read (and throw away) the rest to
     * reuse the connection; a download the client gave up on drops the connection instead.
     */
    private static final class RangeStream extends FilterInputStream {

        private final ResponseInputStream<GetObjectResponse> response;
        private long remaining;

        RangeStream(ResponseInputStream<GetObjectResponse> response) {
            super(response);
            this.response = response;
            Long length = response.response().contentLength();
            this.remaining = length == null ? Long.MAX_VALUE : length;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                remaining = 0;
            } else {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n < 0) {
                remaining = 0;
            } else {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            remaining -= skipped;
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        @Override
        public void close() throws IOException {
            if (remaining > 0) {
                response.abort();
            }
            super.close();
        }
    }
}
