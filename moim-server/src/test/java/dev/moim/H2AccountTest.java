package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Account life on the embedded store. */
class H2AccountTest extends AccountContract {

    private static final Path DATA = Path.of("target", "test-data", "accounts-h2-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", DATA::toString);
    }
}
