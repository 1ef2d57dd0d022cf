package dev.moim.activity;

import java.time.Duration;
import java.util.List;

import dev.moim.trending.Window;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The embedded default passes the contract, and holds no more than its bound. */
class InMemoryRoomActivityTest extends RoomActivityContract {

    @Override
    protected RoomActivity newActivity() {
        return new InMemoryRoomActivity();
    }

    @Test
    void pastItsBoundNewRoomsAndSendersAreNotCountedUntilOldBucketsAreDropped() {
        // Each of the two windows holds a count per room and per (room, sender): 4 entries per new room and sender.
        InMemoryRoomActivity activity = new InMemoryRoomActivity(8);
        activity.record(1, 10, ago(Duration.ofHours(2)));
        activity.record(2, 10, ago(Duration.ofHours(2)));
        activity.record(3, 10, ago(Duration.ofHours(2)));
        activity.record(1, 10, ago(Duration.ofHours(2)));

        assertThat(activity.busiest(List.of(1L, 2L, 3L), Window.DAY, ago(Duration.ofHours(2)), 10))
                .containsExactly(new RoomCount(1, 2), new RoomCount(2, 1));
        assertThat(activity.uncounted()).isEqualTo(2);

        // Two hours on, the old minutes leave the hour's buckets and make room.
        activity.record(3, 10, ago(Duration.ofMinutes(1)));
        assertThat(activity.busiest(List.of(1L, 2L, 3L), Window.HOUR, NOW, 10)).containsExactly(new RoomCount(3, 1));
    }
}
