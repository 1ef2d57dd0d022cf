package dev.moim.push;

import java.nio.file.Path;
import java.util.UUID;

import dev.moim.support.EmbeddedPostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Web Push with its subscriptions and VAPID keys in a real PostgreSQL. */
class PostgresPushTest extends PushContract {

    private static final String DATABASE = EmbeddedPostgresServer.newDatabase("push");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "push-pg-" + UUID.randomUUID()).toString());
        registry.add("spring.datasource.url", () -> DATABASE);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
