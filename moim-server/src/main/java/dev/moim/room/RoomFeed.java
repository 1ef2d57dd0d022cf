package dev.moim.room;

import java.time.Duration;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.moim.bus.EventBus;
import dev.moim.bus.RoomCommit;
import dev.moim.bus.RoomEvent;
import dev.moim.config.MoimProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Each room's commits on this node, in the room's order: applied to the room directory, then handed to the
 * readers (the relay to this node's sockets). On one node commits arrive in order already. In a cluster two nodes
 * may commit to one room a moment apart and their commits cross on the way, so a commit whose version is ahead
 * waits for the ones before it, for at most {@code moim.cluster.reorder-wait}. A version that never comes (Redis
 * dropped it) is a gap: the room is reloaded from the database, its subscribers here are told to fetch what they
 * missed (a {@code resync} event), and the commits after the gap go on.
 *
 * <p>The first commit this node sees of a room starts its order. A commit older than what was already handed on
 * (one that came after its gap was given up on, or crossed the very first) is still delivered, late, and not
 * applied: the directory's copy is newer than it.
 */
@Component
@Order(0)
public class RoomFeed implements EventBus.Listener {

    /** What reads a room's committed events, in the room's order. */
    public interface Reader {
        void onCommitted(RoomEvent event);
    }

    private static final Logger log = LoggerFactory.getLogger(RoomFeed.class);
    /** At most this many more waits while the bus has a backlog: a node that stays that far behind resyncs anyway. */
    private static final int MAX_EXTENSIONS = 10;

    private final RoomDirectory rooms;
    private final EventBus bus;
    private final ObjectProvider<Reader> readerProvider;
    private volatile List<Reader> readers;
    private final long reorderWaitNanos;
    private final Cache<Long, Position> positions = Caffeine.newBuilder().expireAfterAccess(Duration.ofHours(1))
            .maximumSize(100_000).build();
    private final ScheduledExecutorService gapTimer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("moim-feed-gaps").daemon(true).factory());
    private final Counter reordered;
    private final Counter gaps;

    public RoomFeed(RoomDirectory rooms, @Lazy EventBus bus, ObjectProvider<Reader> readerProvider, MoimProperties properties,
                    MeterRegistry meters) {
        this.rooms = rooms;
        this.bus = bus;
        this.readerProvider = readerProvider;
        this.reorderWaitNanos = properties.cluster().reorderWait().toNanos();
        this.reordered = Counter.builder("moim.feed.reordered")
                .description("Commits that arrived ahead of an earlier one of their room and waited for it").register(meters);
        this.gaps = Counter.builder("moim.feed.gaps")
                .description("Commits that never arrived: their room was reloaded and its subscribers told to resync")
                .register(meters);
    }

    @Override
    public void onCommit(RoomCommit commit) {
        accept(commit);
    }

    /** Where one room stands on this node: the last version handed on and the commits waiting behind a gap. */
    private static final class Position {
        long delivered;
        final TreeMap<Long, RoomCommit> waiting = new TreeMap<>();
        ScheduledFuture<?> giveUp;
        /** Waits added while the bus still had publications to take in. */
        int extensions;

        Position(long delivered) {
            this.delivered = delivered;
        }
    }

    void accept(RoomCommit commit) {
        Position order = positions.get(commit.roomId(), id -> new Position(commit.version() - 1));
        synchronized (order) {
            if (commit.version() <= order.delivered) {
                deliver(commit, false);
            } else if (commit.version() == order.delivered + 1) {
                deliver(commit, true);
                order.delivered = commit.version();
                drain(order);
            } else {
                reordered.increment();
                order.waiting.put(commit.version(), commit);
                if (order.giveUp == null) {
                    order.giveUp = gapTimer.schedule(() -> gaveUp(commit.roomId(), order), reorderWaitNanos, TimeUnit.NANOSECONDS);
                }
            }
        }
    }

    private void drain(Position order) {
        while (!order.waiting.isEmpty() && order.waiting.firstKey() == order.delivered + 1) {
            deliver(order.waiting.pollFirstEntry().getValue(), true);
            order.delivered++;
        }
        if (order.waiting.isEmpty() && order.giveUp != null) {
            order.giveUp.cancel(false);
            order.giveUp = null;
            order.extensions = 0;
        }
    }

    /**
     * The wait is over: unless this node still has other nodes' publications to take in (the missing commit may be
     * among them: under load the backlog can hold more than the wait), the commits before the first waiting one
     * never came.
     */
    private void gaveUp(long roomId, Position order) {
        synchronized (order) {
            order.giveUp = null;
            if (order.waiting.isEmpty()) {
                return;
            }
            if (bus.inboundBacklog() > 0 && order.extensions++ < MAX_EXTENSIONS) {
                order.giveUp = gapTimer.schedule(() -> gaveUp(roomId, order), reorderWaitNanos, TimeUnit.NANOSECONDS);
                return;
            }
            order.extensions = 0;
            long next = order.waiting.firstKey();
            gaps.increment();
            log.warn("Room {}: commits {} to {} never reached this node; its subscribers here are told to resync",
                    roomId, order.delivered + 1, next - 1);
            rooms.forget(roomId);
            for (Reader reader : readers()) {
                reader.onCommitted(new RoomEvent.ResyncEvent(roomId));
            }
            order.delivered = next - 1;
            drain(order);
            if (!order.waiting.isEmpty()) {
                order.giveUp = gapTimer.schedule(() -> gaveUp(roomId, order), reorderWaitNanos, TimeUnit.NANOSECONDS);
            }
        }
    }

    private void deliver(RoomCommit commit, boolean inOrder) {
        if (inOrder) {
            rooms.apply(commit);
        }
        for (RoomEvent event : commit.events()) {
            for (Reader reader : readers()) {
                reader.onCommitted(event);
            }
        }
    }

    private List<Reader> readers() {
        List<Reader> current = readers;
        if (current == null) {
            current = readerProvider.orderedStream().toList();
            readers = current;
        }
        return current;
    }

    @PreDestroy
    void stop() {
        gapTimer.shutdownNow();
    }
}
