package dev.moim.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.moim.bus.EventBus;
import dev.moim.bus.RoomCommit;
import dev.moim.bus.RoomEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.view.MessageType;
import dev.moim.view.MessageView;
import dev.moim.view.SystemNote;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one thread on this node that changes rooms: it gives messages their seqs, moves read positions and runs
 * membership changes. Waiting sends and reads are committed together in one transaction (group commit), so a
 * burst costs one commit instead of one per message; each is acknowledged only after that commit, and the
 * events are published after it in seq order, one {@link RoomCommit} per room. Each transaction first locks the
 * rooms it touches and moves their versions on, so that with several nodes PostgreSQL orders each room and this
 * writer decides from the room as committed (see docs/CLUSTER.md). The queue is bounded: when it is full a send is
 * refused as SERVER_BUSY instead of piling up.
 */
@Component
public class RoomWriter {

    private static final Logger log = LoggerFactory.getLogger(RoomWriter.class);

    private final BlockingQueue<Write> queue;
    private final long maxQueueWaitNanos;
    private final long commitDelayNanos;
    private final int maxBatch;
    private final MessageStore store;
    private final RoomDirectory rooms;
    private final MessageViews views;
    private final EventBus bus;
    private final TransactionTemplate tx;
    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();
    private volatile boolean running = true;
    private Thread thread;

    private final Counter committed;
    private final Timer commitTime;
    private final DistributionSummary batchSize;
    private final Timer sendToCommit;
    private final Counter reloads;

    public RoomWriter(MoimProperties properties, MessageStore store, RoomDirectory rooms, MessageViews views, EventBus bus,
                      TransactionTemplate tx, MeterRegistry meters) {
        this.queue = new ArrayBlockingQueue<>(properties.messages().writeQueueCapacity());
        this.maxQueueWaitNanos = properties.messages().maxQueueWait().toNanos();
        this.commitDelayNanos = properties.messages().commitDelay().toNanos();
        this.maxBatch = properties.messages().maxBatchSize();
        this.store = store;
        this.rooms = rooms;
        this.views = views;
        this.bus = bus;
        this.tx = tx;
        this.committed = Counter.builder("moim.messages.committed").description("Messages stored (acknowledged)").register(meters);
        this.commitTime = Timer.builder("moim.writer.commit").description("One group commit, from its first statement to its commit")
                .publishPercentileHistogram().register(meters);
        this.batchSize = DistributionSummary.builder("moim.writer.batch.size").description("Writes in one group commit")
                .publishPercentileHistogram().maximumExpectedValue((double) maxBatch).register(meters);
        this.reloads = Counter.builder("moim.writer.reloads")
                .description("Rooms the writer loaded inside its transaction: not in memory, or behind because another node "
                        + "had committed to them since").register(meters);
        this.sendToCommit = Timer.builder("moim.messages.commit.latency")
                .description("From a send reaching the writer's queue to its commit").publishPercentileHistogram().register(meters);
        Gauge.builder("moim.writer.queue.depth", queue, BlockingQueue::size).description("Writes waiting for the room writer")
                .register(meters);
    }

    /** A message to append. Completes with the stored message once it is committed (or with the original on a resend). */
    public CompletableFuture<SendResult> send(SendCommand command) {
        return enqueue(new Send(command, new CompletableFuture<>(), System.nanoTime()));
    }

    /** Moves a member's read position forward to {@code seq}. */
    public CompletableFuture<Void> read(long roomId, long userId, long seq) {
        return enqueue(new Read(roomId, userId, seq, new CompletableFuture<>()));
    }

    /** Runs {@code task} alone in its own transaction on the writer thread, in order with every other room write. */
    public <T> CompletableFuture<T> run(Function<Outbox, T> task) {
        return enqueue(new Task<>(task, new CompletableFuture<>()));
    }

    /** Appends a SYSTEM message; only from inside a {@link #run} task, whose transaction it joins. */
    public ChatMessage appendSystem(long roomId, SystemNote note, String content, Outbox outbox) {
        Instant now = Times.now();
        Long lastSeq = store.reserveSeqs(Map.of(roomId, 1), now).get(roomId);
        if (lastSeq == null) {
            throw new MoimException(ErrorCode.ROOM_CLOSED, "Room " + roomId + " is closed");
        }
        ChatMessage message = new ChatMessage(ids.generate(), roomId, lastSeq, null, null, MessageType.SYSTEM, content,
                note.encode(), now, null, null);
        store.insert(List.of(message));
        outbox.room(roomId, () -> RoomEvent.MessageEvent.posted(views.view(message, rooms.room(roomId))));
        return message;
    }

    /**
     * Appends a SYSTEM message recording what a member did, from inside a {@link #run} task that locked the room
     * ({@code room} is what {@link #lockRoom} returned). Like a sender, the actor has read the room up to it: a
     * {@code read} event follows the message, so clients count the actor out of it and of what came before.
     */
    public ChatMessage appendSystemBy(RoomState room, long actorId, SystemNote note, String content, Outbox outbox) {
        long from = room.member(actorId).lastReadSeq();
        ChatMessage message = appendSystem(room.id(), note, content, outbox);
        store.advanceReads(List.of(new MessageStore.ReadAdvance(room.id(), actorId, message.seq())));
        outbox.room(room.id(), () -> new RoomEvent.ReadEvent(room.id(), actorId, from, message.seq()));
        return message;
    }

    /**
     * Inside a {@link #run} task, before deciding anything from the room: locks its row until the commit, moves its
     * version on, and returns the room exactly as committed (this node's copy, or the database's when the copy is
     * behind because another node committed to the room since).
     */
    public RoomState lockRoom(Outbox outbox, long roomId) {
        Long version = store.lockRooms(List.of(roomId)).get(roomId);
        if (version == null) {
            throw new MoimException(ErrorCode.ROOM_NOT_FOUND, "Room " + roomId + " does not exist");
        }
        outbox.locked(roomId, version);
        return current(roomId, version);
    }

    /** The room as of {@code version - 1}, the version before this transaction's, which has the room locked. */
    private RoomState current(long roomId, long version) {
        // Only a copy already held: one loaded now, inside this transaction, would already see its new version.
        RoomState known = rooms.cached(roomId).orElse(null);
        if (known != null && known.version() == version - 1) {
            return known;
        }
        reloads.increment();
        return rooms.reload(roomId, version - 1);
    }

    private <T> CompletableFuture<T> enqueue(Write write) {
        @SuppressWarnings("unchecked")
        CompletableFuture<T> future = (CompletableFuture<T>) write.future();
        if (!running) {
            future.completeExceptionally(new MoimException(ErrorCode.SERVER_BUSY, "The server is shutting down"));
        } else if (!bus.available()) {
            // Committed now, the write's events would reach only this node's members.
            future.completeExceptionally(new MoimException(ErrorCode.SERVER_BUSY,
                    "Live delivery to the other servers is down; try again shortly"));
        } else if ((write instanceof Send && behind()) || !queue.offer(write)) {
            future.completeExceptionally(new MoimException(ErrorCode.SERVER_BUSY, "The server is busy; try again shortly"));
        }
        return future;
    }

    /**
     * True while the oldest send still waiting has waited longer than {@code moim.messages.max-queue-wait}: the
     * writer is taking in more than it commits, and a send accepted now would wait longer still. Refusing it keeps
     * the latency of accepted messages bounded under overload, where a full queue alone would let it reach seconds.
     */
    private boolean behind() {
        Write oldest = queue.peek();
        return oldest instanceof Send send && System.nanoTime() - send.enqueuedAt() > maxQueueWaitNanos;
    }

    @PostConstruct
    void start() {
        thread = Thread.ofPlatform().name("moim-room-writer").daemon(false).start(this::loop);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }

    private void loop() {
        List<Write> drained = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Write first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                drained.add(first);
                queue.drainTo(drained, maxBatch - 1);
                if (drained.size() < maxBatch && commitDelayNanos > 0) {
                    // A commit costs much the same for one write as for hundreds (it rewrites the pages it
                    // touched), so a short wait for the writes about to arrive saves more than it costs.
                    LockSupport.parkNanos(commitDelayNanos);
                    queue.drainTo(drained, maxBatch - drained.size());
                }
                List<Write> batch = new ArrayList<>();
                for (Write write : drained) {
                    if (write instanceof Task<?> task) {
                        commitBatch(batch);
                        batch.clear();
                        runTask(task);
                    } else {
                        batch.add(write);
                    }
                }
                commitBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | LinkageError | AssertionError e) {
                // The writer must outlive any one round: without it no room could change.
                log.error("Room writer failed a round; its writes were refused", e);
                for (Write write : drained) {
                    write.future().completeExceptionally(new MoimException(ErrorCode.INTERNAL_ERROR, "The write failed"));
                }
            } finally {
                drained.clear();
            }
        }
    }

    private <T> void runTask(Task<T> task) {
        Outbox outbox = new Outbox(bus);
        T result;
        try {
            result = tx.execute(status -> {
                T done = task.body().apply(outbox);
                outbox.lockRest(store::lockRooms);
                return done;
            });
        } catch (RuntimeException e) {
            task.future().completeExceptionally(e);
            return;
        }
        afterCommit(outbox::publish);
        task.future().complete(result);
    }

    /** Delivery after a commit never undoes or repeats the commit: a failure here is logged and stops there. */
    private static void afterCommit(Runnable delivery) {
        try {
            delivery.run();
        } catch (RuntimeException e) {
            log.error("Delivering the events of a committed write failed", e);
        }
    }

    /** Commits sends and reads together; if the group fails, each is retried alone so one bad write fails alone. */
    private void commitBatch(List<Write> batch) {
        if (batch.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        Round round;
        try {
            round = tx.execute(status -> write(batch, false));
        } catch (DuplicateKeyException resend) {
            // Some clientMsgId was stored before (a resend): only now is it worth looking each one up.
            try {
                round = tx.execute(status -> write(batch, true));
            } catch (RuntimeException e) {
                failed(batch, e);
                return;
            }
        } catch (RuntimeException e) {
            failed(batch, e);
            return;
        }
        long done = System.nanoTime();
        commitTime.record(done - started, TimeUnit.NANOSECONDS);
        batchSize.record(batch.size());
        committed.increment(round.created.size());
        for (Created c : round.created) {
            sendToCommit.record(done - c.send().enqueuedAt(), TimeUnit.NANOSECONDS);
        }
        round.publish();
    }

    /** A group that could not be stored: each write is retried alone, so one bad write fails alone. */
    private void failed(List<Write> batch, RuntimeException e) {
        if (batch.size() == 1) {
            Write only = batch.getFirst();
            only.future().completeExceptionally(e instanceof MoimException ? e
                    : new MoimException(ErrorCode.INTERNAL_ERROR, "The message could not be stored"));
            if (!(e instanceof MoimException)) {
                log.error("A room write failed", e);
            }
            return;
        }
        log.warn("A group commit of {} writes failed ({}); retrying them one by one", batch.size(), e.toString());
        for (Write write : batch) {
            commitBatch(List.of(write));
        }
    }

    /**
     * Everything one group commit stores; runs inside the transaction. Resends are rare, so the first attempt
     * looks nothing up and lets the unique index on (sender, clientMsgId) catch one (DuplicateKeyException); the
     * group is then written again with {@code lookUpResends}, each key found by that same index.
     */
    private Round write(List<Write> batch, boolean lookUpResends) {
        Instant now = Times.now();
        Round round = new Round();

        // Every room the group touches is locked and its version moved on before anything is decided from it, and
        // this node's copy of it is made current: another node may have committed to the room since.
        Set<Long> touched = new TreeSet<>();
        for (Write write : batch) {
            touched.add(write instanceof Send send ? send.command().roomId() : ((Read) write).roomId());
        }
        round.versions.putAll(store.lockRooms(touched));
        round.versions.forEach(this::current);

        // A repeat within the group follows its first; an earlier original is found only when looking up.
        List<Send> sends = new ArrayList<>();
        List<MessageStore.SenderKey> keys = new ArrayList<>();
        for (Write write : batch) {
            if (write instanceof Send send) {
                sends.add(send);
                if (send.command().clientMsgId() != null) {
                    keys.add(send.key());
                }
            }
        }
        Map<MessageStore.SenderKey, ChatMessage> originals = new HashMap<>();
        for (ChatMessage existing : lookUpResends ? store.findByClientIds(keys.stream().distinct().toList()) : List.<ChatMessage>of()) {
            originals.put(new MessageStore.SenderKey(existing.senderId(), existing.clientMsgId()), existing);
        }
        Map<MessageStore.SenderKey, Send> firstInBatch = new HashMap<>();
        List<Send> fresh = new ArrayList<>();
        Map<Long, Integer> countByRoom = new HashMap<>();
        for (Send send : sends) {
            SendCommand c = send.command();
            if (c.clientMsgId() != null) {
                ChatMessage original = originals.get(send.key());
                Send first = firstInBatch.putIfAbsent(send.key(), send);
                long originalRoom = original != null ? original.roomId() : first != null ? first.command().roomId() : c.roomId();
                if (originalRoom != c.roomId()) {
                    round.refused.add(new Refusal(send, new MoimException(ErrorCode.CLIENT_MSG_ID_REUSED,
                            "clientMsgId " + c.clientMsgId() + " was already used for a message in another room")));
                    continue;
                }
                if (original != null) {
                    round.replays.add(new Replay(send, original));
                    continue;
                }
                if (first != null) {
                    round.followers.add(new Follower(send, first));
                    continue;
                }
            }
            // The room is locked and this node's copy of it current (above), so this check is exact.
            if (!rooms.isMember(c.roomId(), c.senderId())) {
                round.refused.add(new Refusal(send, new MoimException(ErrorCode.NOT_A_MEMBER,
                        "You are not a member of room " + c.roomId())));
                continue;
            }
            fresh.add(send);
            countByRoom.merge(c.roomId(), 1, Integer::sum);
        }

        Map<Long, Long> lastSeqs = countByRoom.isEmpty() ? Map.of() : store.reserveSeqs(countByRoom, now);
        Map<Long, Long> nextSeq = new HashMap<>();
        lastSeqs.forEach((roomId, last) -> nextSeq.put(roomId, last - countByRoom.get(roomId) + 1));
        List<ChatMessage> inserts = new ArrayList<>();
        // Per (room, reader): how far they have read, as of the messages and reads of this group so far. A sender
        // has read everything up to their own message; their message's event says so (senderReadFrom).
        Map<ReaderKey, Long> readBefore = new HashMap<>();
        Map<ReaderKey, Long> readTo = new LinkedHashMap<>();
        Function<ReaderKey, Long> readSoFar = reader -> readTo.computeIfAbsent(reader,
                key -> readBefore.computeIfAbsent(key, this::storedReadPosition));
        for (Send send : fresh) {
            SendCommand c = send.command();
            Long seq = nextSeq.get(c.roomId());
            if (seq == null) {
                round.refused.add(new Refusal(send, new MoimException(ErrorCode.ROOM_CLOSED, "Room " + c.roomId() + " is closed")));
                continue;
            }
            nextSeq.put(c.roomId(), seq + 1);
            ChatMessage message = new ChatMessage(ids.generate(), c.roomId(), seq, c.senderId(), c.clientMsgId(),
                    c.type(), c.content(), c.meta(), now, null, null, c.replyToSeq(), null);
            inserts.add(message);
            ReaderKey sender = new ReaderKey(c.roomId(), c.senderId());
            long from = readSoFar.apply(sender);
            readTo.put(sender, Math.max(from, seq));
            round.created.add(new Created(send, message, from));
        }
        if (!inserts.isEmpty()) {
            store.insert(inserts);
        }
        // Replies only: each original as it is at this commit (its room is locked, so no edit or deletion can come
        // between), for the quote the reply's event carries. A message that answers none costs nothing here.
        List<MessageStore.SeqKey> quoted = round.created.stream().map(Created::message).filter(m -> m.replyToSeq() != null)
                .map(m -> new MessageStore.SeqKey(m.roomId(), m.replyToSeq())).distinct().toList();
        if (!quoted.isEmpty()) {
            round.originals.putAll(store.findAll(quoted));
        }
        // A refused claim fails the group, which is then retried one write at a time: only its own send fails.
        for (Created c : round.created) {
            if (c.send().command().claim() != null) {
                c.send().command().claim().apply(c.message());
            }
        }

        // Explicit reads: one event per reader, from where their own messages above left them.
        Map<ReaderKey, Long> readsTo = new LinkedHashMap<>();
        for (Write write : batch) {
            if (write instanceof Read read) {
                round.reads.add(read);
                readsTo.merge(new ReaderKey(read.roomId(), read.userId()), read.seq(), Math::max);
            }
        }
        readsTo.forEach((reader, seq) -> {
            long from = readSoFar.apply(reader);
            if (from >= 0 && seq > from) {
                round.readEvents.add(new RoomEvent.ReadEvent(reader.roomId(), reader.userId(), from, seq));
                readTo.put(reader, seq);
            }
        });
        List<MessageStore.ReadAdvance> advances = new ArrayList<>();
        readTo.forEach((reader, seq) -> {
            if (seq > readBefore.get(reader)) {
                advances.add(new MessageStore.ReadAdvance(reader.roomId(), reader.userId(), seq));
            }
        });
        store.advanceReads(advances);
        return round;
    }

    /** A member's read position as the room directory holds it (before this group); -1 for one who is no member. */
    private long storedReadPosition(ReaderKey reader) {
        return rooms.findMember(reader.roomId(), reader.userId()).map(RoomState.Member::lastReadSeq).orElse(-1L);
    }

    /** What one group commit decided, delivered after the commit. */
    private final class Round {
        /** Each room the group touched and its version after the commit. */
        final Map<Long, Long> versions = new TreeMap<>();
        final List<Created> created = new ArrayList<>();
        final List<Replay> replays = new ArrayList<>();
        final List<Follower> followers = new ArrayList<>();
        final List<Refusal> refused = new ArrayList<>();
        final List<Read> reads = new ArrayList<>();
        final List<RoomEvent.ReadEvent> readEvents = new ArrayList<>();
        /** The messages the group's replies answer, as they are at its commit. */
        final Map<MessageStore.SeqKey, ChatMessage> originals = new HashMap<>();

        void publish() {
            // One commit per room touched, even with nothing in it: its version moved.
            Map<Long, List<RoomEvent>> events = new LinkedHashMap<>();
            versions.keySet().forEach(roomId -> events.put(roomId, new ArrayList<>()));
            List<Runnable> acks = new ArrayList<>();
            for (Created c : created) {
                afterCommit(() -> {
                    ChatMessage m = c.message();
                    MessageView view = views.view(m, rooms.room(m.roomId()), m.replyToSeq() == null ? null
                            : originals.get(new MessageStore.SeqKey(m.roomId(), m.replyToSeq())));
                    events.get(c.message().roomId()).add(RoomEvent.MessageEvent.posted(view, c.senderReadFrom()));
                    acks.add(() -> c.send().future().complete(new SendResult(view, true)));
                });
            }
            for (RoomEvent.ReadEvent read : readEvents) {
                // Every room with a read event was locked (a closed room has no member to read it).
                events.get(read.roomId()).add(read);
            }
            events.forEach((roomId, list) -> afterCommit(() -> bus.publish(new RoomCommit(roomId, versions.get(roomId), list))));
            // Acknowledged after the events are handed on, so a sender sees its message's event before the receipt.
            acks.forEach(Runnable::run);
            for (Created c : created) {
                // Stored whatever happened above: a resend with the same clientMsgId returns it. (Only built when
                // needed: an exception per message, with its stack trace, was a tenth of the writer's time.)
                if (!c.send().future().isDone()) {
                    c.send().future().completeExceptionally(new MoimException(ErrorCode.INTERNAL_ERROR,
                            "The message was stored but could not be delivered; resend it to get it back"));
                }
            }
            for (Replay r : replays) {
                afterCommit(() -> r.send().future().complete(
                        new SendResult(views.view(r.original(), rooms.room(r.original().roomId())), false)));
                if (!r.send().future().isDone()) {
                    r.send().future().completeExceptionally(new MoimException(ErrorCode.INTERNAL_ERROR, "Resend failed"));
                }
            }
            for (Follower f : followers) {
                f.first().future().whenComplete((result, error) -> {
                    if (error != null) {
                        f.send().future().completeExceptionally(error);
                    } else {
                        f.send().future().complete(new SendResult(result.message(), false));
                    }
                });
            }
            for (Refusal r : refused) {
                r.send().future().completeExceptionally(r.error());
            }
            for (Read read : reads) {
                read.future().complete(null);
            }
        }
    }

    sealed interface Write permits Send, Read, Task {
        CompletableFuture<?> future();
    }

    /** {@code enqueuedAt}: {@link System#nanoTime} when the send reached the queue. */
    record Send(SendCommand command, CompletableFuture<SendResult> future, long enqueuedAt) implements Write {
        MessageStore.SenderKey key() {
            return new MessageStore.SenderKey(command.senderId(), command.clientMsgId());
        }
    }

    record Read(long roomId, long userId, long seq, CompletableFuture<Void> future) implements Write {
    }

    record Task<T>(Function<Outbox, T> body, CompletableFuture<T> future) implements Write {
    }

    /** A stored message; {@code senderReadFrom} is where its sender's read position was before it. */
    private record Created(Send send, ChatMessage message, long senderReadFrom) {
    }

    private record Replay(Send send, ChatMessage original) {
    }

    private record Follower(Send send, Send first) {
    }

    private record Refusal(Send send, MoimException error) {
    }

    private record ReaderKey(long roomId, long userId) {
    }

    /**
     * A message a member sends. {@code clientMsgId} makes a resend return the original instead of a copy.
     * {@code meta} is stored with it (what an IMAGE or FILE message carries); {@code claim}, when given, runs in the
     * transaction that stores it, after the insert (it takes the uploads the message carries), and refuses the send
     * by throwing. {@code replyToSeq}, when given, names the message it answers in the room (checked by the caller:
     * one the sender sees, not a SYSTEM message).
     */
    public record SendCommand(long roomId, long senderId, String clientMsgId, MessageType type, String content,
                              String meta, Claim claim, Long replyToSeq) {

        public SendCommand(long roomId, long senderId, String clientMsgId, MessageType type, String content,
                           String meta, Claim claim) {
            this(roomId, senderId, clientMsgId, type, content, meta, claim, null);
        }

        public SendCommand(long roomId, long senderId, String clientMsgId, MessageType type, String content) {
            this(roomId, senderId, clientMsgId, type, content, null, null, null);
        }
    }

    /** Work a send needs done in its message's transaction; see {@link SendCommand}. */
    @FunctionalInterface
    public interface Claim {
        void apply(ChatMessage stored);
    }

    public record SendResult(MessageView message, boolean created) {
    }
}
