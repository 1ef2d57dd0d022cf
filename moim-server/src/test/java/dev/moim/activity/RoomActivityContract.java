package dev.moim.activity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.moim.trending.Window;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RoomActivity} adapter must do. Times are passed in, moving forward as a clock would, so nothing
 * here waits for time to pass.
 */
abstract class RoomActivityContract {

    /** Half a minute into a minute, so that the buckets' edges show. */
    protected static final Instant NOW = Instant.parse("2026-12-01T12:00:30Z");

    /** A fresh adapter that has counted nothing. */
    protected abstract RoomActivity newActivity();

    protected static Instant ago(Duration duration) {
        return NOW.minus(duration);
    }

    protected static void send(RoomActivity activity, long roomId, long senderId, int messages, Instant at) {
        List<RoomActivity.Message> batch = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            batch.add(new RoomActivity.Message(roomId, senderId, at));
        }
        activity.recordAll(batch);
    }

    @Test
    void theBusiestRoomsAreRankedAmongTheGivenRoomsOnly() {
        RoomActivity activity = newActivity();
        send(activity, 1, 10, 5, ago(Duration.ofMinutes(5)));
        send(activity, 2, 10, 3, ago(Duration.ofMinutes(4)));
        send(activity, 3, 11, 7, ago(Duration.ofMinutes(3)));
        send(activity, 4, 12, 2, ago(Duration.ofMinutes(2)));
        activity.record(4, 13, ago(Duration.ofMinutes(1)));

        assertThat(activity.busiest(List.of(4L, 2L, 1L, 99L), Window.HOUR, NOW, 10)).as("ties by room id")
                .containsExactly(new RoomCount(1, 5), new RoomCount(2, 3), new RoomCount(4, 3));
        assertThat(activity.busiest(List.of(1L, 2L, 3L, 4L), Window.DAY, NOW, 2))
                .containsExactly(new RoomCount(3, 7), new RoomCount(1, 5));
        assertThat(activity.busiest(List.of(1L, 1L), Window.HOUR, NOW, 10)).containsExactly(new RoomCount(1, 5));
        assertThat(activity.busiest(List.of(99L), Window.HOUR, NOW, 10)).isEmpty();
        assertThat(activity.busiest(List.of(), Window.HOUR, NOW, 10)).isEmpty();
    }

    @Test
    void theMostActiveMembersAreRankedWithinTheirRoom() {
        RoomActivity activity = newActivity();
        send(activity, 1, 12, 2, ago(Duration.ofMinutes(30)));
        send(activity, 1, 10, 4, ago(Duration.ofMinutes(20)));
        send(activity, 1, 11, 2, ago(Duration.ofMinutes(10)));
        send(activity, 2, 13, 9, ago(Duration.ofMinutes(10)));

        assertThat(activity.activeMembers(1, Window.HOUR, NOW, 10)).as("ties by user id")
                .containsExactly(new MemberCount(10, 4), new MemberCount(11, 2), new MemberCount(12, 2));
        assertThat(activity.activeMembers(1, Window.DAY, NOW, 1)).containsExactly(new MemberCount(10, 4));
        assertThat(activity.activeMembers(2, Window.HOUR, NOW, 10)).containsExactly(new MemberCount(13, 9));
        assertThat(activity.activeMembers(3, Window.HOUR, NOW, 10)).isEmpty();
    }

    @Test
    void theHourIsExactToTheMinuteAndTheDayToTheHour() {
        RoomActivity activity = newActivity();
        // Now is 12:00:30. The hour holds the minutes 11:01 to 12:00, the day the hours from 13:00 yesterday.
        activity.record(1, 10, ago(Duration.ofHours(25)));                        // 11:00:30 yesterday: in neither
        activity.record(2, 10, ago(Duration.ofHours(24)));                        // 12:00:30 yesterday: in neither
        activity.record(3, 10, ago(Duration.ofHours(23)));                        // 13:00:30 yesterday: in the day
        activity.record(4, 10, ago(Duration.ofMinutes(61)));                      // 10:59:30: in the day only
        activity.record(5, 10, ago(Duration.ofMinutes(59).plusSeconds(45)));      // 11:00:45: in the day only
        activity.record(6, 10, ago(Duration.ofMinutes(59).plusSeconds(15)));      // 11:01:15: in both
        activity.record(7, 10, NOW);                                              // in both

        List<Long> all = List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L);
        assertThat(activity.busiest(all, Window.HOUR, NOW, 10)).extracting(RoomCount::roomId).containsExactly(6L, 7L);
        assertThat(activity.busiest(all, Window.DAY, NOW, 10)).extracting(RoomCount::roomId)
                .containsExactly(3L, 4L, 5L, 6L, 7L);
        assertThat(activity.activeMembers(4, Window.HOUR, NOW, 10)).isEmpty();
        assertThat(activity.activeMembers(4, Window.DAY, NOW, 10)).containsExactly(new MemberCount(10, 1));
    }

    @Test
    void countsAddUpOverTheWindowAndFallAsItMovesOn() {
        RoomActivity activity = newActivity();
        Instant start = ago(Duration.ofHours(3));
        send(activity, 1, 10, 3, start);
        send(activity, 1, 11, 1, start.plus(Duration.ofMinutes(30)));
        send(activity, 2, 10, 2, start.plus(Duration.ofMinutes(50)));

        Instant then = start.plus(Duration.ofMinutes(55));
        assertThat(activity.busiest(List.of(1L, 2L), Window.HOUR, then, 10))
                .containsExactly(new RoomCount(1, 4), new RoomCount(2, 2));
        assertThat(activity.activeMembers(1, Window.HOUR, then, 10))
                .containsExactly(new MemberCount(10, 3), new MemberCount(11, 1));
        send(activity, 1, 10, 1, start.plus(Duration.ofMinutes(90)));
        assertThat(activity.busiest(List.of(1L, 2L), Window.HOUR, start.plus(Duration.ofMinutes(95)), 10))
                .as("the first half hour has left the hour").containsExactly(new RoomCount(2, 2), new RoomCount(1, 1));

        assertThat(activity.busiest(List.of(1L, 2L), Window.HOUR, NOW, 10)).isEmpty();
        assertThat(activity.busiest(List.of(1L, 2L), Window.DAY, NOW, 10))
                .containsExactly(new RoomCount(1, 5), new RoomCount(2, 2));
        assertThat(activity.activeMembers(1, Window.DAY, NOW, 10))
                .containsExactly(new MemberCount(10, 4), new MemberCount(11, 1));

        // A new hour's messages: the old ones are out of the hour, still in the day.
        send(activity, 2, 12, 1, NOW);
        assertThat(activity.busiest(List.of(1L, 2L), Window.HOUR, NOW, 10)).containsExactly(new RoomCount(2, 1));
        assertThat(activity.busiest(List.of(1L, 2L), Window.DAY, NOW, 10))
                .containsExactly(new RoomCount(1, 5), new RoomCount(2, 3));
    }

    @Test
    void aBatchCountsAsItsMessagesOneByOne() {
        RoomActivity batched = newActivity();
        List<RoomActivity.Message> batch = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            batch.add(new RoomActivity.Message(1 + i % 3, 10 + i % 7, ago(Duration.ofSeconds(300 - i))));
        }
        batched.recordAll(batch);

        assertThat(batched.busiest(List.of(1L, 2L, 3L), Window.HOUR, NOW, 10))
                .containsExactly(new RoomCount(1, 100), new RoomCount(2, 100), new RoomCount(3, 100));
        // Room 1 gets messages 0, 3, 6, ...: sender 10 + i % 7 over i = 0, 3, ..., 297.
        List<MemberCount> expected = new ArrayList<>();
        long[] bySender = new long[7];
        for (int i = 0; i < 300; i += 3) {
            bySender[i % 7]++;
        }
        for (int s = 0; s < 7; s++) {
            expected.add(new MemberCount(10 + s, bySender[s]));
        }
        expected.sort((a, b) -> a.messages() != b.messages() ? Long.compare(b.messages(), a.messages())
                : Long.compare(a.userId(), b.userId()));
        assertThat(batched.activeMembers(1, Window.HOUR, NOW, 10)).containsExactlyElementsOf(expected);
    }
}
