package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Friends and notifications on the embedded defaults (H2). */
class H2SocialTest extends SocialContract {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "social-h2-" + UUID.randomUUID()).toAbsolutePath().toString());
    }
}
