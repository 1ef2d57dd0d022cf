package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import dev.moim.support.EmbeddedPostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on a real PostgreSQL server, started from jars (no install, no Docker), in a database of its own. */
class PostgresChatTest extends ChatContract {

    private static final String DATABASE = EmbeddedPostgresServer.newDatabase("chat");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "pg-" + UUID.randomUUID()).toString());
        registry.add("spring.datasource.url", () -> DATABASE);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
