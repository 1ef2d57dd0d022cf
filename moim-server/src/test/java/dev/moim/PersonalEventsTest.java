package dev.moim;

import java.util.ArrayList;
import java.util.List;

import dev.moim.support.Api.User;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A user's own events reach every device of theirs, and a subscription ends when the client says so. */
class PersonalEventsTest extends TrustTestServer {

    @Test
    void everyDeviceOfAUserGetsEveryPersonalEvent() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        List<StompClient> devices = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            StompClient device = connect(bob);
            device.subscribe("/user/queue/events");
            devices.add(device);
        }

        // A burst: several events for the same user in flight at once.
        List<Long> rooms = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            rooms.add(api.group(alice, "burst " + i, bob));
        }

        for (StompClient device : devices) {
            for (long roomId : rooms) {
                assertThat(device.awaitEvent("room_added", e -> e.path("room").path("id").asLong() == roomId)
                        .path("room").path("name").asString()).startsWith("burst");
            }
        }
    }

    @Test
    void anUnsubscribeIsAcknowledgedAndEndsTheRoomsEvents() {
        User alice = api.newUser("Alice");
        User bob = api.newUser("Bob");
        long roomId = api.group(alice, "quiet", bob);
        StompClient device = connect(bob);
        String subscription = device.subscribe("/topic/rooms/" + roomId);

        device.unsubscribe(subscription);
        long seq = api.sendRest(alice, roomId, "after-unsubscribe", "not for Bob's socket").body().path("seq").asLong();

        // A second socket, still subscribed, gets it; the unsubscribed one never does.
        StompClient other = connect(bob);
        other.subscribe("/topic/rooms/" + roomId);
        long next = api.sendRest(alice, roomId, "marker", "marker").body().path("seq").asLong();
        other.awaitEvent("message", e -> e.path("message").path("seq").asLong() == next);
        assertThat(device.drain(java.time.Duration.ofMillis(200))).noneMatch(f -> f.isEvent("message"));
        assertThat(seq).isLessThan(next);
    }
}
