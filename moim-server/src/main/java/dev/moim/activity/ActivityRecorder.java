package dev.moim.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomCommit;
import dev.moim.bus.RoomEvent;
import dev.moim.common.Times;
import dev.moim.view.MessageType;
import dev.moim.view.MessageView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Counts every member's message committed on this node into {@link RoomActivity}. Only this node's commits: in a
 * cluster each message is committed, and so counted, by exactly one node. System messages (joins, leaves) are not
 * activity and are left out; so are edits and deletions.
 *
 * <p>Commits are delivered on the writer's thread, which must not wait for Redis: each message is put in a bounded
 * queue that one thread of our own drains in batches. When the queue is full (Redis slow or gone) the message is
 * dropped from the counts, and counted in {@code moim.activity.dropped}, rather than holding up the writer.
 */
@Component
public class ActivityRecorder implements EventBus.Listener {

    private static final Logger log = LoggerFactory.getLogger(ActivityRecorder.class);
    static final int QUEUE_CAPACITY = 50_000;
    private static final int BATCH = 1_000;

    private final RoomActivity activity;
    private final BlockingQueue<RoomActivity.Message> queue;
    private final Counter dropped;
    private final Counter failed;
    private final Thread worker;
    private boolean failing;

    @Autowired
    public ActivityRecorder(RoomActivity activity, MeterRegistry meters) {
        this(activity, meters, QUEUE_CAPACITY);
    }

    ActivityRecorder(RoomActivity activity, MeterRegistry meters, int queueCapacity) {
        this.activity = activity;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.dropped = Counter.builder("moim.activity.dropped")
                .description("Messages left out of room activity because its queue was full").register(meters);
        this.failed = Counter.builder("moim.activity.failed")
                .description("Messages left out of room activity because they could not be recorded (Redis unreachable)")
                .register(meters);
        this.worker = Thread.ofPlatform().name("moim-activity").daemon(true).unstarted(this::drain);
    }

    @PostConstruct
    void start() {
        worker.start();
    }

    @PreDestroy
    void stop() {
        worker.interrupt();
    }

    @Override
    public void onCommit(RoomCommit commit) {
        for (RoomEvent event : commit.events()) {
            if (event instanceof RoomEvent.MessageEvent posted && posted.type().equals("message")
                    && isMembersMessage(posted.message()) && !queue.offer(message(posted.message()))) {
                dropped.increment();
            }
        }
    }

    /** The node that committed it has counted it. */
    @Override
    public void onRemoteCommit(RoomCommit commit) {
    }

    private static boolean isMembersMessage(MessageView message) {
        return message != null && message.type() != MessageType.SYSTEM && message.sender() != null;
    }

    private static RoomActivity.Message message(MessageView message) {
        Instant at = message.createdAt() != null ? message.createdAt() : Times.now();
        return new RoomActivity.Message(message.roomId(), message.sender().id(), at);
    }

    private void drain() {
        List<RoomActivity.Message> batch = new ArrayList<>(BATCH);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException stopping) {
                return;
            }
            queue.drainTo(batch, BATCH - 1);
            try {
                activity.recordAll(batch);
                if (failing) {
                    failing = false;
                    log.info("Room activity is being recorded again");
                }
            } catch (RuntimeException e) {
                failed.increment(batch.size());
                if (!failing) {
                    // Once per outage, not once per batch.
                    failing = true;
                    log.warn("Room activity could not be recorded; messages are left out until it can: {}", e.toString());
                }
            }
            batch.clear();
        }
    }
}
