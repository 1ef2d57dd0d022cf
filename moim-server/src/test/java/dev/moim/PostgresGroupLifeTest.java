package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import dev.moim.support.EmbeddedPostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Group life on a real PostgreSQL: its locks decide the races. */
class PostgresGroupLifeTest extends GroupLifeContract {

    private static final String DATABASE = EmbeddedPostgresServer.newDatabase("groups");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "groups-pg-" + UUID.randomUUID()).toString());
        registry.add("spring.datasource.url", () -> DATABASE);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
