package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The contract on the embedded default: an H2 file database in a fresh data directory. */
class H2ChatTest extends ChatContract {

    private static final Path DATA = Path.of("target", "test-data", "h2-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", DATA::toString);
    }
}
