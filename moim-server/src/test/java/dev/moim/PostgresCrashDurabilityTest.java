package dev.moim;

import java.util.List;

import dev.moim.support.EmbeddedPostgresServer;

/** kill -9 of Moim on PostgreSQL: the database runs as its own process (started from jars) and outlives the kill. */
class PostgresCrashDurabilityTest extends CrashDurabilityContract {

    private static final String DATABASE = EmbeddedPostgresServer.newDatabase("crash");

    @Override
    protected List<String> storeArguments() {
        return List.of("--spring.datasource.url=" + DATABASE,
                "--spring.datasource.username=postgres", "--spring.datasource.password=");
    }

    @Override
    protected String storeName() {
        return "postgresql";
    }
}
