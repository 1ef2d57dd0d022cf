package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Wallets and group accounts on the embedded defaults: H2 in a fresh data directory, its row locks under contention. */
class H2LedgerTest extends LedgerContract {

    private static final Path DATA = Path.of("target", "test-data", "ledger-h2-" + UUID.randomUUID()).toAbsolutePath();

    @DynamicPropertySource
    static void h2(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", DATA::toString);
    }
}
