package dev.moim.bus;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a bus that spans nodes must do between them, on top of the one-node contract. */
abstract class ClusterEventBusContract extends EventBusContract {

    @Test
    void everyOtherNodeHearsEachEventOnceEqualAndInPublishOrder() {
        Node a = node("a");
        Node b = node("b");
        Node c = node("c");
        List<RoomEvent> roomEvents = new ArrayList<>();
        for (long seq = 1; seq <= 200; seq++) {
            roomEvents.add(RoomEvent.MessageEvent.posted(message(7 + seq % 3, seq), seq - 1));
        }
        roomEvents.add(new RoomEvent.ReadEvent(7, 4, 0, 200));
        roomEvents.add(new RoomEvent.MembersEvent(7, "kicked", List.of(5L), 3L));
        roomEvents.add(new RoomEvent.PresenceEvent(7, List.of(new RoomEvent.PresenceChange(4, false, Instant.EPOCH))));
        roomEvents.add(new RoomEvent.TypingEvent(7, 4, "서준", true));
        UserEvent removed = new UserEvent.RoomRemoved(7, "kicked");

        roomEvents.forEach(a.bus::publish);
        a.bus.publishToUser(5, removed);

        List<String> expected = new ArrayList<>();
        for (RoomEvent event : roomEvents) {
            expected.add("first remote " + event);
            expected.add("second remote " + event);
        }
        expected.add("first user 5 " + removed);
        expected.add("second user 5 " + removed);
        for (Node other : List.of(b, c)) {
            eventually(() -> assertThat(other.heard()).as(other.name).hasSize(expected.size()));
            assertThat(other.heard()).as(other.name).containsExactlyElementsOf(expected);
        }

        // Redis has handed a's events to every subscriber, a included, before it takes b's next one.
        RoomEvent marker = new RoomEvent.TypingEvent(9, 6, "하늘", false);
        b.bus.publish(marker);
        eventually(() -> assertThat(a.remote()).contains(marker.toString()));
        assertThat(a.remote()).as("a does not hear its own events back").containsExactly(marker.toString());
        assertThat(a.heard()).filteredOn(line -> line.startsWith("first user ")).hasSize(1);
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
            List<Long> seqs = c.remote().stream().filter(line -> line.contains("roomId=" + roomId + ","))
                    .map(line -> Long.parseLong(line.replaceAll(".*MessageView\\[roomId=\\d+, seq=(\\d+),.*", "$1"))).toList();
            assertThat(seqs).as("room " + roomId).hasSize(300).isSorted().doesNotHaveDuplicates();
        }
    }

    private static void publishRoom(Node node, long roomId) {
        for (long seq = 1; seq <= 300; seq++) {
            node.bus.publish(RoomEvent.MessageEvent.posted(message(roomId, seq), seq - 1));
        }
    }
}
