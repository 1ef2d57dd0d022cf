package dev.moim.bus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dev.moim.view.MessageType;
import dev.moim.view.MessageView;
import dev.moim.view.Sender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.annotation.AnnotationAwareOrderComparator;
import org.springframework.core.annotation.Order;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every {@link EventBus} adapter must do on one node (Mattermost's storetest idea: one suite, every adapter).
 * {@link ClusterEventBusContract} adds what an adapter that spans nodes must do between them.
 */
abstract class EventBusContract {

    static final Duration PATIENCE = Duration.ofSeconds(20);

    private final List<Node> nodes = new ArrayList<>();

    /** A bus of a new node whose listeners are given in {@code listeners}' {@code @Order}. */
    protected abstract EventBus newBus(DefaultListableBeanFactory listeners);

    protected void close(EventBus bus) throws Exception {
    }

    @AfterEach
    void closeNodes() throws Exception {
        for (Node node : nodes) {
            close(node.bus);
        }
    }

    /** A node with two listeners, registered in the reverse of their {@code @Order}. */
    Node node(String name) {
        Node node = new Node(name);
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        beans.setDependencyComparator(AnnotationAwareOrderComparator.INSTANCE);
        beans.registerSingleton("second", new Second(node));
        beans.registerSingleton("first", new First(node));
        node.bus = newBus(beans);
        nodes.add(node);
        return node;
    }

    @Test
    void whatIsPublishedReachesThisNodesListenersInTheirOrderBeforePublishReturns() {
        Node a = node("a");
        RoomCommit commit = commit(7, 43, new RoomEvent.ReadEvent(7, 3, 40, 43));
        RoomEvent typing = new RoomEvent.TypingEvent(7, 3, "민지", true);
        UserEvent removed = new UserEvent.RoomRemoved(7, "kicked");
        NodeNotice renamed = new NodeNotice.UserChanged(3);

        a.bus.publish(commit);
        a.bus.publish(typing);
        a.bus.publishToUser(3, removed);
        a.bus.publish(renamed);

        assertThat(a.heard()).containsExactly("first commit " + commit, "second commit " + commit,
                "first live " + typing, "second live " + typing, "first user 3 " + removed, "second user 3 " + removed,
                "first notice " + renamed, "second notice " + renamed);
    }

    @Test
    void commitsOfOneRoomArriveInTheOrderTheyWerePublished() {
        Node a = node("a");
        List<String> expected = new ArrayList<>();
        for (long seq = 1; seq <= 100; seq++) {
            RoomCommit commit = commit(7, seq, RoomEvent.MessageEvent.posted(message(7, seq), seq - 1));
            a.bus.publish(commit);
            expected.add("first commit " + commit);
            expected.add("second commit " + commit);
        }
        assertThat(a.heard()).containsExactlyElementsOf(expected);
    }

    static RoomCommit commit(long roomId, long version, RoomEvent... events) {
        return new RoomCommit(roomId, version, List.of(events));
    }

    static MessageView message(long roomId, long seq) {
        return new MessageView(roomId, seq, java.util.UUID.randomUUID(), "c-" + seq, new Sender(3, "민지", null),
                MessageType.TEXT, "메시지 " + seq, java.time.Instant.parse("2026-11-30T09:00:00Z"), null, false, 9, null, java.util.List.of(), java.util.List.of());
    }

    static void eventually(Runnable check) {
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(10)).untilAsserted(check::run);
    }

    /** One node of the test: its bus and what its listeners heard, in order. */
    static final class Node {
        final String name;
        EventBus bus;
        private final List<String> heard = Collections.synchronizedList(new ArrayList<>());

        Node(String name) {
            this.name = name;
        }

        List<String> heard() {
            synchronized (heard) {
                return List.copyOf(heard);
            }
        }

        /** What the first listener heard from other nodes: their commits and live events. */
        List<String> remote() {
            return heard().stream().filter(line -> line.startsWith("first remote commit ") || line.startsWith("first live "))
                    .map(line -> line.substring("first ".length())).toList();
        }
    }

    abstract static class Recorder implements EventBus.Listener {
        private final Node node;
        private final String name;

        Recorder(Node node, String name) {
            this.node = node;
            this.name = name;
        }

        @Override
        public void onCommit(RoomCommit commit) {
            node.heard.add(name + " commit " + commit);
        }

        @Override
        public void onRemoteCommit(RoomCommit commit) {
            node.heard.add(name + " remote commit " + commit);
        }

        @Override
        public void onRoomEvent(RoomEvent event) {
            node.heard.add(name + " live " + event);
        }

        @Override
        public void onUserEvent(long userId, UserEvent event) {
            node.heard.add(name + " user " + userId + " " + event);
        }

        @Override
        public void onNotice(NodeNotice notice) {
            node.heard.add(name + " notice " + notice);
        }
    }

    @Order(1)
    static final class First extends Recorder {
        First(Node node) {
            super(node, "first");
        }
    }

    @Order(2)
    static final class Second extends Recorder {
        Second(Node node) {
            super(node, "second");
        }
    }
}
