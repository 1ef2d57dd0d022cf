package dev.moim.dues;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Group dues on the embedded defaults: H2 in a fresh data directory. */
class H2DuesTest extends DuesContract {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "dues-h2-" + UUID.randomUUID()).toAbsolutePath().toString());
    }
}
