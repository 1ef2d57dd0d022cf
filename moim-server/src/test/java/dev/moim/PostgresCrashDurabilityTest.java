package dev.moim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/** kill -9 of Moim on PostgreSQL: the database runs as its own process (started from jars) and outlives the kill. */
class PostgresCrashDurabilityTest extends CrashDurabilityContract {

    private static final EmbeddedPostgres POSTGRES = start();

    private static EmbeddedPostgres start() {
        try {
            // PostgreSQL's own default (the embedded builder turns it off): a commit returns once its WAL is flushed.
            return EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start the embedded PostgreSQL server", e);
        }
    }

    @Override
    protected List<String> storeArguments() {
        return List.of("--spring.datasource.url=" + POSTGRES.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres", "--spring.datasource.password=");
    }

    @Override
    protected String storeName() {
        return "postgresql";
    }
}
