package dev.moim.activity;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Room activity on the embedded default: counts in memory, an H2 file database in a fresh directory. */
class RoomActivityApiTest extends RoomActivityApiContract {

    private static final Path DATA = Path.of("target", "test-data", "activity-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", DATA::toString);
    }
}
