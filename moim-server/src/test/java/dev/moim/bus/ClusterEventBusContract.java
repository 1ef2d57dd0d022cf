package dev.moim.bus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a bus that spans nodes must do between them, on top of the one-node contract. */
abstract class ClusterEventBusContract extends EventBusContract {

    @Test
    void everyOtherNodeHearsEachPublicationOnceEqualAndInPublishOrder() {
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        List<RoomCommit> commits = new ArrayList<>();
        for (long seq = 1; seq <= 200; seq++) {
            long roomId = 7 + seq % 3;
            commits.add(commit(roomId, seq, RoomEvent.MessageEvent.posted(message(roomId, seq), seq - 1)));
        }
        commits.add(commit(7, 201, new RoomEvent.ReadEvent(7, 4, 0, 200), new RoomEvent.MembersEvent(7, "kicked", List.of(5L), 3L)));
        commits.add(commit(8, 202));
        RoomEvent presence = new RoomEvent.PresenceEvent(7, List.of(new RoomEvent.PresenceChange(4, false, Instant.EPOCH)));
        RoomEvent typing = new RoomEvent.TypingEvent(7, 4, "서준", true);
        UserEvent removed = new UserEvent.RoomRemoved(7, "kicked");
        NodeNotice ended = new NodeNotice.SessionEnded(5, java.util.UUID.randomUUID());

        commits.forEach(a.bus::publish);
        a.bus.publish(presence);
        a.bus.publish(typing);
        a.bus.publishToUser(5, removed);
        a.bus.publish(ended);

        List<String> expected = new ArrayList<>();
        for (RoomCommit commit : commits) {
            expected.add("first remote commit " + commit);
            expected.add("second remote commit " + commit);
        }
        for (RoomEvent live : List.of(presence, typing)) {
            expected.add("first live " + live);
            expected.add("second live " + live);
        }
        expected.add("first user 5 " + removed);
        expected.add("second user 5 " + removed);
        expected.add("first notice " + ended);
        expected.add("second notice " + ended);
        for (Node other : List.of(b, c)) {
            eventually(() -> assertThat(other.heard()).as(other.name).hasSize(expected.size()));
            assertThat(other.heard()).as(other.name).containsExactlyElementsOf(expected);
        }

        // Redis has handed a's publications to every subscriber, a included, before it takes b's next one.
        RoomEvent marker = new RoomEvent.TypingEvent(9, 6, "하늘", false);
        b.bus.publish(marker);
        eventually(() -> assertThat(a.remote()).contains("live " + marker));
        // a does not hear its own publications back: its own live events and user event once (locally), no commit.
        assertThat(a.heard()).filteredOn(line -> line.startsWith("first remote commit ")).isEmpty();
        assertThat(a.heard()).filteredOn(line -> line.startsWith("first live "))
                .containsExactly("first live " + presence, "first live " + typing, "first live " + marker);
        assertThat(a.heard()).filteredOn(line -> line.startsWith("first user ")).hasSize(1);
        assertThat(a.heard()).filteredOn(line -> line.startsWith("first notice ")).hasSize(1);
    }

    @Test
    void eachPublishersOrderHoldsWhenSeveralPublishAtOnce() throws InterruptedException {
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        Thread fromA = Thread.ofPlatform().start(() -> publishRoom(a, 1));
        Thread fromB = Thread.ofPlatform().start(() -> publishRoom(b, 2));
        fromA.join();
        fromB.join();

        eventually(() -> assertThat(c.remote()).hasSize(600));
        for (long roomId : List.of(1L, 2L)) {
            List<Long> versions = c.remote().stream().filter(line -> line.contains("RoomCommit[roomId=" + roomId + ","))
                    .map(line -> Long.parseLong(line.replaceAll(".*RoomCommit\\[roomId=\\d+, version=(\\d+),.*", "$1"))).toList();
            assertThat(versions).as("room " + roomId).hasSize(300).isSorted().doesNotHaveDuplicates();
        }
    }

    private static void publishRoom(Node node, long roomId) {
        for (long version = 1; version <= 300; version++) {
            node.bus.publish(commit(roomId, version, RoomEvent.MessageEvent.posted(message(roomId, version), version - 1)));
        }
    }
}
