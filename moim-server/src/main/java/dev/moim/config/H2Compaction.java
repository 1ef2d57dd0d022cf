package dev.moim.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Compacts the embedded H2 file now and then. With WRITE_DELAY=0 (what makes commits durable) H2 runs no
 * background writer, and that thread is also what rewrites chunks that are mostly dead. Every commit writes a chunk,
 * and a chunk's space is reused only once none of its pages is live, so without rewriting the file grows without
 * bound (h2database/h2database#442). Rewriting the emptiest chunks on a schedule slows that growth several-fold;
 * docs/BENCHMARKS.md has the figures.
 */
@Component
class H2Compaction {

    private static final Logger log = LoggerFactory.getLogger(H2Compaction.class);
    /** Chunks are rewritten while the live share of the chunks is below this (percent). */
    private static final int TARGET_FILL_RATE = 50;
    /** Bytes of chunks one step rewrites; the store lock is held for one step, so commits wait at most that long. */
    private static final int BYTES_PER_STEP = 4 * 1024 * 1024;
    /** Steps go on while there is work, up to this long per round, so that a busy server's file keeps up. */
    private static final long MAX_ROUND_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final DataSource dataSource;
    private final Duration interval;
    private ScheduledExecutorService scheduler;

    H2Compaction(DataSource dataSource, MoimProperties properties) {
        this.dataSource = dataSource;
        this.interval = properties.store().h2CompactionInterval();
    }

    @PostConstruct
    void start() throws SQLException {
        if (interval == null || interval.isZero()) {
            return;
        }
        MVStore store = embeddedStore();
        if (store == null || store.getFileStore() == null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("moim-h2-compaction").daemon(true).factory());
        scheduler.scheduleWithFixedDelay(() -> compact(store), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    private static void compact(MVStore store) {
        long deadline = System.nanoTime() + MAX_ROUND_NANOS;
        try {
            while (!store.isClosed() && store.compact(TARGET_FILL_RATE, BYTES_PER_STEP) && System.nanoTime() < deadline) {
                // another step
            }
        } catch (RuntimeException e) {
            // A skipped round only leaves the file larger until the next one.
            log.warn("Compacting the H2 database failed; will try again", e);
        }
    }

    /** The MVStore of an H2 database that runs in this process, or null for any other database. */
    private MVStore embeddedStore() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)
                    || !session.getDatabase().isPersistent()) {
                return null;
            }
            return session.getDatabase().getStore().getMvStore();
        }
    }
}
