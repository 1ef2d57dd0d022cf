package dev.moim.push;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Web Push on the embedded H2 store. */
class H2PushTest extends PushContract {

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "push-h2-" + UUID.randomUUID()).toAbsolutePath().toString());
    }
}
