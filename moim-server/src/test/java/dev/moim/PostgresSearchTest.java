package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import dev.moim.support.EmbeddedPostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Search with its positions and journal in a real PostgreSQL. */
class PostgresSearchTest extends SearchContract {

    private static final String DATABASE = EmbeddedPostgresServer.newDatabase("search");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "search-pg-" + UUID.randomUUID()).toString());
        registry.add("spring.datasource.url", () -> DATABASE);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
