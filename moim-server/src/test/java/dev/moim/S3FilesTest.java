package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import dev.moim.support.EmbeddedS3;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Files on an S3-compatible store (a real S3Proxy in this JVM, a bucket of this test's own), rows on H2. */
class S3FilesTest extends FilesContract {

    @DynamicPropertySource
    static void s3(DynamicPropertyRegistry registry) {
        EmbeddedS3 s3 = EmbeddedS3.shared();
        String bucket = s3.newBucket();
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "files-s3-" + UUID.randomUUID()).toAbsolutePath().toString());
        for (String property : s3.properties()) {
            String[] pair = property.split("=", 2);
            registry.add(pair[0], () -> pair[0].equals("moim.files.s3.bucket") ? bucket : pair[1]);
        }
    }
}
