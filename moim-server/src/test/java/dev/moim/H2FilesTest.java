package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Files on the embedded defaults: H2 and the local directory under a fresh data directory. */
class H2FilesTest extends FilesContract {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "files-h2-" + UUID.randomUUID()).toAbsolutePath().toString());
    }
}
