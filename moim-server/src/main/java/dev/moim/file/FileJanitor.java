package dev.moim.file;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Deletes what is due: the files of deleted messages once their grace period is over, uploads that no message
 * carried, and the files of rooms closed when their last member left. Every node runs it; deleting is idempotent on both the storage and the rows, so two nodes doing the same
 * row at once do no harm. Objects go before their row, so a failure midway leaves a row that the next pass retries,
 * never an object that nothing points to.
 */
@Component
class FileJanitor {

    private static final Logger log = LoggerFactory.getLogger(FileJanitor.class);
    private static final int BATCH = 500;
    private static final Duration CLOSED_MARGIN = Duration.ofMinutes(1);

    private final AttachmentStore store;
    private final FileStorage storage;
    private final MoimProperties.Files settings;
    private final Counter purged;
    private Instant closedSince = Instant.EPOCH;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("moim-file-janitor").daemon(true).factory());

    FileJanitor(AttachmentStore store, FileStorage storage, MoimProperties properties, MeterRegistry meters) {
        this.store = store;
        this.storage = storage;
        this.settings = properties.files();
        this.purged = Counter.builder("moim.files.purged").description("Uploads whose bytes were deleted").register(meters);
    }

    @PostConstruct
    void start() {
        long every = settings.janitorInterval().toMillis();
        timer.scheduleWithFixedDelay(this::pass, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    void pass() {
        try {
            Instant now = Times.now();
            int orphans = store.releaseOrphans(now.minus(settings.orphanAfter()), now);
            if (orphans > 0) {
                log.info("{} uploads that no message carried are deleted", orphans);
            }
            // The first pass looks at every closed room; later ones at those closed since the last (with a margin for
            // commits that were in flight).
            store.releaseClosedRooms(closedSince, now, now.plus(settings.deleteGrace()));
            closedSince = now.minus(CLOSED_MARGIN);
            List<Attachment> due;
            do {
                due = store.duePurges(now, BATCH);
                for (Attachment a : due) {
                    storage.delete(a.key());
                    storage.delete(a.thumbnailKey());
                    store.delete(a.id());
                    purged.increment();
                }
            } while (due.size() == BATCH);
        } catch (RuntimeException e) {
            // Storage or database away: the next pass tries again.
            log.warn("Deleting due files failed; the next pass retries", e);
        }
    }
}
