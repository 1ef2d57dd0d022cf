package dev.moim.room;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.moim.bus.EventBus;
import dev.moim.bus.NodeNotice;
import dev.moim.bus.RoomCommit;
import dev.moim.bus.RoomEvent;
import dev.moim.bus.UserEvent;
import dev.moim.config.MoimProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A room's commits come out of the feed in version order, whatever order they went in. */
class RoomFeedTest {

    private static final long ROOM = 7;
    private final List<String> read = Collections.synchronizedList(new ArrayList<>());
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    /** Publications from other nodes not yet taken in, as the bus would report them. */
    private volatile int backlog;
    private final EventBus bus = new EventBus() {
        @Override
        public void publish(RoomCommit commit) {
        }

        @Override
        public void publish(RoomEvent event) {
        }

        @Override
        public void publishToUser(long userId, UserEvent event) {
        }

        @Override
        public void publish(NodeNotice notice) {
        }

        @Override
        public int inboundBacklog() {
            return backlog;
        }
    };
    private final RoomFeed feed = feed(Duration.ofMillis(200));

    private RoomFeed feed(Duration reorderWait) {
        DefaultListableBeanFactory readers = new DefaultListableBeanFactory();
        readers.registerSingleton("reader", (RoomFeed.Reader) event -> read.add(describe(event)));
        MoimProperties properties = new MoimProperties(null, null, null, null, null, null, null,
                new MoimProperties.Cluster(Duration.ofSeconds(2), Duration.ofSeconds(6), reorderWait), null, null, null, null, null, null, null, null, null, null);
        // No room is in the directory, so applying a commit changes nothing and nothing is loaded.
        return new RoomFeed(new RoomDirectory(null, bus), bus, readers.getBeanProvider(RoomFeed.Reader.class), properties, meters);
    }

    @AfterEach
    void stop() {
        feed.stop();
    }

    private static String describe(RoomEvent event) {
        return event instanceof RoomEvent.ReadEvent r ? "read " + r.seq() : event.type();
    }

    /** Commit {@code version} holding a read up to seq {@code version} (to tell the commits apart). */
    private static RoomCommit commit(long version) {
        return new RoomCommit(ROOM, version, List.of(new RoomEvent.ReadEvent(ROOM, 3, version - 1, version)));
    }

    private List<String> read() {
        synchronized (read) {
            return List.copyOf(read);
        }
    }

    @Test
    void commitsInOrderGoStraightThrough() {
        for (long version = 1; version <= 5; version++) {
            feed.accept(commit(version));
        }
        assertThat(read()).containsExactly("read 1", "read 2", "read 3", "read 4", "read 5");
        assertThat(meters.counter("moim.feed.reordered").count()).isZero();
    }

    @Test
    void aCommitAheadOfItsTurnWaitsForTheOneBefore() {
        feed.accept(commit(1));
        feed.accept(commit(3));
        feed.accept(commit(4));
        assertThat(read()).containsExactly("read 1");

        feed.accept(commit(2));
        assertThat(read()).containsExactly("read 1", "read 2", "read 3", "read 4");
        assertThat(meters.counter("moim.feed.reordered").count()).isEqualTo(2);
        assertThat(meters.counter("moim.feed.gaps").count()).isZero();
    }

    @Test
    void anEmptyCommitKeepsItsPlace() {
        feed.accept(commit(1));
        feed.accept(commit(3));
        feed.accept(new RoomCommit(ROOM, 2, List.of()));
        assertThat(read()).containsExactly("read 1", "read 3");
    }

    @Test
    void aCommitThatNeverComesIsAGapAndTheRoomsSubscribersAreToldToResync() {
        feed.accept(commit(1));
        feed.accept(commit(3));
        feed.accept(commit(5));

        // 2 never comes: after the wait, resync and 3; then 4 never comes either: resync and 5.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(read()).containsExactly("read 1", "resync", "read 3", "resync", "read 5"));
        assertThat(meters.counter("moim.feed.gaps").count()).isEqualTo(2);

        // What comes after the gaps goes straight through; the lost one, arriving late, is still delivered.
        feed.accept(commit(6));
        feed.accept(commit(2));
        assertThat(read()).endsWith("read 5", "read 6", "read 2");
    }

    @Test
    void whileOtherNodesPublicationsAreStillComingInTheWaitGoesOn() {
        backlog = 1;
        feed.accept(commit(1));
        feed.accept(commit(3));
        // Several waits pass (200 ms each) with the backlog: no resync.
        await().pollDelay(Duration.ofMillis(700)).atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(read()).containsExactly("read 1"));
        feed.accept(commit(2));
        assertThat(read()).containsExactly("read 1", "read 2", "read 3");
        assertThat(meters.counter("moim.feed.gaps").count()).isZero();
    }

    @Test
    void theFirstCommitSeenStartsTheRoomsOrder() {
        feed.accept(commit(41));
        feed.accept(commit(42));
        assertThat(read()).containsExactly("read 41", "read 42");
        assertThat(meters.counter("moim.feed.reordered").count()).isZero();
    }
}
