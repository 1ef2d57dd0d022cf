package dev.moim.activity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.moim.bus.RoomCommit;
import dev.moim.bus.RoomEvent;
import dev.moim.trending.Window;
import dev.moim.view.MessageType;
import dev.moim.view.MessageView;
import dev.moim.view.Sender;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What is counted from the commits, and that the writer's thread never waits: with the recording held up, messages
 * past the queue's bound are dropped and counted, not queued without end.
 */
class ActivityRecorderTest {

    private static final Instant AT = Instant.parse("2026-12-01T12:00:30Z");

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Gated activity = new Gated();
    private ActivityRecorder recorder;

    /** The in-memory adapter behind a gate that the test opens. */
    private static final class Gated implements RoomActivity {
        final InMemoryRoomActivity counts = new InMemoryRoomActivity();
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
        final AtomicLong recorded = new AtomicLong();

        @Override
        public void recordAll(Collection<Message> messages) {
            entered.countDown();
            try {
                open.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            counts.recordAll(messages);
            recorded.addAndGet(messages.size());
        }

        @Override
        public List<RoomCount> busiest(Collection<Long> roomIds, Window window, Instant at, int limit) {
            return counts.busiest(roomIds, window, at, limit);
        }

        @Override
        public List<MemberCount> activeMembers(long roomId, Window window, Instant at, int limit) {
            return counts.activeMembers(roomId, window, at, limit);
        }
    }

    @AfterEach
    void stop() {
        activity.open.countDown();
        recorder.stop();
    }

    private static MessageView message(long roomId, long seq, long senderId, MessageType type) {
        return new MessageView(roomId, seq, UUID.randomUUID(), null, type == MessageType.SYSTEM ? null : new Sender(senderId, "u" + senderId, null),
                type, "hi", AT, null, false, 0, null, List.of(), List.of());
    }

    private static RoomCommit commit(long roomId, RoomEvent... events) {
        return new RoomCommit(roomId, 1, List.of(events));
    }

    @Test
    void membersNewMessagesCommittedHereAreCountedNothingElse() throws Exception {
        recorder = new ActivityRecorder(activity, meters, 100);
        recorder.start();
        activity.open.countDown();

        recorder.onCommit(commit(1,
                RoomEvent.MessageEvent.posted(message(1, 1, 0, MessageType.SYSTEM)),
                RoomEvent.MessageEvent.posted(message(1, 2, 10, MessageType.TEXT), 1),
                RoomEvent.MessageEvent.edited(message(1, 2, 10, MessageType.TEXT)),
                RoomEvent.MessageEvent.deleted(message(1, 2, 10, MessageType.TEXT)),
                new RoomEvent.ReadEvent(1, 11, 0, 2)));
        // Another node's commit is that node's to count.
        recorder.onRemoteCommit(commit(1, RoomEvent.MessageEvent.posted(message(1, 3, 11, MessageType.TEXT), 2)));
        // A marker after them all: once it is counted, everything before it has been.
        recorder.onCommit(commit(2, RoomEvent.MessageEvent.posted(message(2, 1, 12, MessageType.TEXT), 0)));

        await().atMost(Duration.ofSeconds(20)).until(() -> activity.recorded.get() >= 2);
        assertThat(activity.recorded.get()).isEqualTo(2);
        assertThat(activity.activeMembers(1, Window.HOUR, AT, 10)).containsExactly(new MemberCount(10, 1));
        assertThat(activity.busiest(List.of(1L, 2L), Window.HOUR, AT, 10))
                .containsExactly(new RoomCount(1, 1), new RoomCount(2, 1));
    }

    @Test
    void whenRecordingIsHeldUpMessagesPastTheBoundAreDroppedAndCounted() throws Exception {
        recorder = new ActivityRecorder(activity, meters, 100);
        recorder.start();
        recorder.onCommit(commit(1, RoomEvent.MessageEvent.posted(message(1, 1, 10, MessageType.TEXT), 0)));
        assertThat(activity.entered.await(20, TimeUnit.SECONDS)).as("the recorder holds the first message").isTrue();

        List<RoomEvent> many = new ArrayList<>();
        for (int seq = 2; seq <= 106; seq++) {
            many.add(RoomEvent.MessageEvent.posted(message(1, seq, 10, MessageType.TEXT), seq - 1));
        }
        recorder.onCommit(commit(1, many.toArray(RoomEvent[]::new)));
        assertThat(meters.counter("moim.activity.dropped").count()).isEqualTo(5);

        activity.open.countDown();
        await().atMost(Duration.ofSeconds(20)).until(() -> activity.recorded.get() >= 101);
        assertThat(activity.busiest(List.of(1L), Window.HOUR, AT, 10)).containsExactly(new RoomCount(1, 101));
    }
}
