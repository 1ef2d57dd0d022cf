package dev.moim.support;

import java.nio.file.Path;
import java.util.UUID;

import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * One node in cluster mode inside the test's JVM: a database on the embedded PostgreSQL and a redis-server of its
 * own. Use it with {@code @ActiveProfiles({"postgres", "redis"})} and
 * {@code @ContextConfiguration(initializers = ClusterModeNode.class)}; test classes that do share one Spring context.
 */
public final class ClusterModeNode implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    private static final class Engines {
        static final String DATABASE = EmbeddedPostgresServer.newDatabase("node");
        static final EmbeddedRedis REDIS = start();
        static final Path DATA = Path.of("target", "test-data", "node-" + UUID.randomUUID()).toAbsolutePath();

        private static EmbeddedRedis start() {
            EmbeddedRedis redis = new EmbeddedRedis();
            // The redis-server is a process of its own: it must not outlive the tests.
            Runtime.getRuntime().addShutdownHook(new Thread(redis::close));
            return redis;
        }
    }

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        TestPropertyValues.of(
                "spring.datasource.url=" + Engines.DATABASE,
                "spring.datasource.username=postgres",
                "spring.datasource.password=",
                "spring.data.redis.url=" + Engines.REDIS.url(),
                "moim.data-dir=" + Engines.DATA).applyTo(context);
    }
}
