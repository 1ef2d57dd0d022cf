package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import dev.moim.support.EmbeddedPostgresServer;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Files with their rows in a real PostgreSQL (the claims, quotas and races run on its locking). */
class PostgresFilesTest extends FilesContract {

    private static final String DATABASE = EmbeddedPostgresServer.newDatabase("files");

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "files-pg-" + UUID.randomUUID()).toString());
        registry.add("spring.datasource.url", () -> DATABASE);
        registry.add("spring.datasource.username", () -> "postgres");
        registry.add("spring.datasource.password", () -> "");
    }
}
