package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Search on the embedded defaults: H2 and the Lucene index in a fresh data directory. */
class H2SearchTest extends SearchContract {

    private static final Path DATA = Path.of("target", "test-data", "search-h2-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", DATA::toString);
    }
}
