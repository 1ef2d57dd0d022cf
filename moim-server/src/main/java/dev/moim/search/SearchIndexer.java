package dev.moim.search;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomCommit;
import dev.moim.bus.RoomEvent;
import dev.moim.common.Times;
import dev.moim.room.ChatMessage;
import dev.moim.room.MessageStore;
import dev.moim.view.AttachmentView;
import dev.moim.view.MessageType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the search index following what was committed, on a thread of its own: sending never waits for it.
 *
 * <p>Each pass puts the rooms' new messages (from each room's saved seq to its last one) and then applies the
 * edits and deletions journaled since the last pass, reading each message's current row, so the order of the two
 * does not matter. Positions are saved in the database after the index has made its write durable: after a
 * restart or an engine outage the next pass goes on from there. A commit wakes the thread at once for its room;
 * every {@link #SWEEP} a pass looks at every room, which is how a node catches up with what it missed.
 */
@Component
public class SearchIndexer implements EventBus.Listener {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexer.class);
    /**
     * Messages per write to the index when catching up: one commit (an fsync, a new segment) per batch. On a million
     * messages 2,000 caught up at 10,400/s, 10,000 at 16,000/s, 25,000 no faster (docs/BENCHMARKS.md).
     */
    static final int BATCH = 10_000;
    private static final int ROOMS_PER_QUERY = 500;
    private static final Duration SWEEP = Duration.ofSeconds(30);
    private static final Duration IDLE = Duration.ofSeconds(1);
    /**
     * At least this long between passes. Under a steady stream of commits every pass would otherwise put a few
     * messages and fsync the index, tens of times a second, beside the room writer's own fsyncs; this way the
     * index commits at most a few times a second, and a message is searchable within about this long.
     */
    private static final Duration MIN_PASS_INTERVAL = Duration.ofMillis(250);
    private static final Duration LEASE = Duration.ofSeconds(30);
    /** Journal rows re-read on every pass: a transaction commits within this long of taking its row's id. */
    private static final Duration RECENT_CHANGES = Duration.ofMinutes(1);
    private static final Duration KEEP_CHANGES = Duration.ofDays(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    private final SearchIndex index;
    private final SearchPositions positions;
    private final MessageStore messages;
    private final String node = UUID.randomUUID().toString();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Set<Long> dirtyRooms = new HashSet<>();
    private boolean changesWaiting;
    private final AtomicBoolean rebuildRequested = new AtomicBoolean();
    private final Counter indexed;
    private final Counter failures;
    private volatile Thread thread;
    private volatile boolean running = true;
    private volatile State state = new State("starting", null, null, 0, null);
    private Instant nextSweep = Instant.EPOCH;

    public SearchIndexer(SearchIndex index, SearchPositions positions, MessageStore messages, MeterRegistry meters) {
        this.index = index;
        this.positions = positions;
        this.messages = messages;
        this.indexed = Counter.builder("moim.search.indexed").description("Messages put into the search index").register(meters);
        this.failures = Counter.builder("moim.search.failures").description("Indexing passes that failed").register(meters);
    }

    /** What the indexer is doing, for the operator's endpoint and health. */
    public record State(String phase, String error, Instant failingSince, long indexedSinceStart, Instant lastPass) {
    }

    public State state() {
        return state;
    }

    public long behind() {
        return positions.behind(index.indexId());
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        thread = Thread.ofPlatform().name("moim-search-indexer").daemon(true).start(this::run);
    }

    @Override
    public void onCommit(RoomCommit commit) {
        boolean posted = false;
        boolean changed = false;
        for (RoomEvent event : commit.events()) {
            if (event instanceof RoomEvent.MessageEvent message) {
                if (message.type().equals("message")) {
                    posted = true;
                } else {
                    changed = true;
                }
            }
        }
        if (posted || changed) {
            lock.lock();
            try {
                if (posted) {
                    dirtyRooms.add(commit.roomId());
                }
                changesWaiting |= changed;
                wake.signal();
            } finally {
                lock.unlock();
            }
        }
    }

    /** Empties the index and indexes everything again, in the background; {@link #state()} shows the progress. */
    public void rebuild() {
        rebuildRequested.set(true);
        lock.lock();
        try {
            wake.signal();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        Duration backoff = IDLE;
        while (running) {
            try {
                pass();
                backoff = IDLE;
                sleep(MIN_PASS_INTERVAL);
                waitForWork(IDLE);
            } catch (LeaseLost lost) {
                // Another node took over the shared index while this one was slow; it carries on from the positions.
                state = new State("standby: another node writes this index", null, null, state.indexedSinceStart(),
                        Instant.now());
                waitForWork(IDLE);
            } catch (RuntimeException e) {
                failures.increment();
                State s = state;
                Instant since = s.failingSince() == null ? Instant.now() : s.failingSince();
                state = new State("failing", e.toString(), since, s.indexedSinceStart(), s.lastPass());
                if (s.failingSince() == null) {
                    log.warn("Search indexing failed; retrying (sending is not affected): {}", e.toString());
                }
                // What this pass took from the dirty set is found again by the sweep after the outage.
                nextSweep = Instant.EPOCH;
                sleep(backoff);
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    private void pass() {
        String indexId = index.indexId();
        Instant now = Times.now();
        if (!positions.lease(indexId, node, now, LEASE)) {
            state = new State("standby: another node writes this index", null, null, state.indexedSinceStart(), now);
            return;
        }
        if (rebuildRequested.getAndSet(false)) {
            index.clear();
            positions.forgetIndex(indexId);
            log.info("Search index emptied for a rebuild (was {}, now {})", indexId, index.indexId());
            indexId = index.indexId();
            positions.lease(indexId, node, now, LEASE);
            nextSweep = Instant.EPOCH;
        }
        Set<Long> rooms;
        boolean changes;
        lock.lock();
        try {
            rooms = new HashSet<>(dirtyRooms);
            dirtyRooms.clear();
            changes = changesWaiting;
            changesWaiting = false;
        } finally {
            lock.unlock();
        }
        boolean sweep = !now.isBefore(nextSweep);
        if (sweep) {
            state = new State("catching up", null, null, state.indexedSinceStart(), state.lastPass());
            indexRooms(indexId, null);
            nextSweep = now.plus(SWEEP);
            positions.forgetChangesBefore(now.minus(KEEP_CHANGES));
        } else if (!rooms.isEmpty()) {
            indexRooms(indexId, rooms);
        }
        if (sweep || changes || !rooms.isEmpty()) {
            applyChanges(indexId, now);
        }
        state = new State("following", null, null, state.indexedSinceStart(), now);
    }

    /** Puts every message the index lacks, in the given rooms or (null) in all, in batches of {@link #BATCH}. */
    private void indexRooms(String indexId, Set<Long> roomIds) {
        long fromRoom = 0;
        List<IndexedBatch> batch = new ArrayList<>();
        int size = 0;
        while (true) {
            List<SearchPositions.Pending> pending = positions.pending(indexId, roomIds, fromRoom, ROOMS_PER_QUERY);
            for (SearchPositions.Pending room : pending) {
                long from = room.indexedSeq();
                while (from < room.lastSeq()) {
                    long to = Math.min(room.lastSeq(), from + BATCH - size);
                    List<SearchIndex.IndexedMessage> found = new ArrayList<>();
                    for (ChatMessage m : messages.range(room.roomId(), from, to + 1)) {
                        if (searchable(m)) {
                            found.add(indexed(m));
                        }
                    }
                    batch.add(new IndexedBatch(room.roomId(), to, found));
                    size += (int) (to - from);
                    from = to;
                    if (size >= BATCH) {
                        flush(indexId, batch);
                        batch.clear();
                        size = 0;
                    }
                }
            }
            if (pending.size() < ROOMS_PER_QUERY) {
                break;
            }
            fromRoom = pending.getLast().roomId() + 1;
        }
        flush(indexId, batch);
    }

    private static final class LeaseLost extends RuntimeException {
        LeaseLost() {
            super("another node holds the lease of this index", null, false, false);
        }
    }

    private record IndexedBatch(long roomId, long upToSeq, List<SearchIndex.IndexedMessage> messages) {
    }

    private void flush(String indexId, List<IndexedBatch> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<SearchIndex.IndexedMessage> all = new ArrayList<>();
        Map<Long, Long> upTo = new HashMap<>();
        for (IndexedBatch part : batch) {
            all.addAll(part.messages());
            upTo.merge(part.roomId(), part.upToSeq(), Math::max);
        }
        // A long catch-up renews the lease as it goes, so no other node starts writing the same index meanwhile.
        if (!positions.lease(indexId, node, Times.now(), LEASE)) {
            throw new LeaseLost();
        }
        index.put(all);
        positions.save(indexId, upTo);
        indexed.increment(all.size());
        State s = state;
        state = new State(s.phase(), null, null, s.indexedSinceStart() + all.size(), s.lastPass());
    }

    /** Re-reads each edited or deleted message and puts its current text, or removes it. */
    private void applyChanges(String indexId, Instant now) {
        long applied = positions.changesApplied(indexId);
        List<SearchPositions.Change> changes = positions.changes(applied, now.minus(RECENT_CHANGES), 10_000);
        if (changes.isEmpty()) {
            return;
        }
        List<SearchIndex.IndexedMessage> put = new ArrayList<>();
        List<SearchIndex.MessageKey> removed = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (SearchPositions.Change change : changes) {
            if (!seen.add(change.roomId() + ":" + change.seq())) {
                continue;
            }
            messages.find(change.roomId(), change.seq()).ifPresent(m -> {
                if (searchable(m)) {
                    put.add(indexed(m));
                } else {
                    removed.add(new SearchIndex.MessageKey(m.roomId(), m.seq()));
                }
            });
        }
        index.put(put);
        index.remove(removed);
        positions.saveChangesApplied(indexId, Math.max(applied, changes.getLast().id()));
    }

    private static SearchIndex.IndexedMessage indexed(ChatMessage m) {
        return new SearchIndex.IndexedMessage(m.roomId(), m.seq(), m.senderId(), m.createdAt(), text(m));
    }

    /** What people search a message by: its text, a photo's or file's caption, and a file's name ("회의록.pdf"). */
    static String text(ChatMessage m) {
        if (m.type() != MessageType.FILE) {
            return m.content();
        }
        StringBuilder text = new StringBuilder(m.content() == null ? "" : m.content());
        for (AttachmentView file : AttachmentView.decode(m.meta())) {
            text.append('\n').append(file.name());
        }
        return text.toString();
    }

    private static boolean searchable(ChatMessage m) {
        return m.type() != MessageType.SYSTEM && !m.deleted() && m.content() != null && m.senderId() != null
                && !text(m).isBlank();
    }

    private void waitForWork(Duration timeout) {
        lock.lock();
        try {
            if (dirtyRooms.isEmpty() && !changesWaiting && !rebuildRequested.get() && running) {
                wake.awaitNanos(timeout.toNanos());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Waits out a pause or a back-off; only stopping cuts it short (new commits wait for the next pass). */
    private void sleep(Duration duration) {
        lock.lock();
        try {
            long left = duration.toNanos();
            while (running && left > 0) {
                left = wake.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lets the current pass finish rather than interrupting it: an interrupt in the middle of a Lucene write closes
     * its file channels and the index writer with them.
     */
    @PreDestroy
    void stop() throws InterruptedException {
        lock.lock();
        try {
            running = false;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        Thread t = thread;
        if (t != null) {
            t.join(10_000);
        }
    }
}
