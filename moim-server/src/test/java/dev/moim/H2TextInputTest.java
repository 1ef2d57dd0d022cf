package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The text rule on the embedded H2 store. */
class H2TextInputTest extends TextInputContract {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "text-h2-" + UUID.randomUUID()).toAbsolutePath().toString());
    }
}
