package dev.moim.activity;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import dev.moim.trending.Window;

/**
 * How many messages rooms and their members sent lately: the busiest rooms and the most active members over the
 * last hour or day. Fed by {@link ActivityRecorder} from the messages committed on each node. The embedded default
 * counts in memory ({@link InMemoryRoomActivity}); cluster mode counts in Redis, where every node's messages add up
 * ({@link RedisRoomActivity}). {@code RoomActivityContract} checks both.
 *
 * <p>Counts are kept in buckets (see {@link Buckets}): the hour is exact to the minute, the day to the hour. Times
 * are passed in (the caller's clock) and are expected to move forward.
 */
public interface RoomActivity {

    /** One message, sent by {@code senderId} into {@code roomId} at {@code at}. */
    record Message(long roomId, long senderId, Instant at) {
    }

    default void record(long roomId, long senderId, Instant at) {
        recordAll(List.of(new Message(roomId, senderId, at)));
    }

    /** Many messages at once (one round trip to Redis). */
    void recordAll(Collection<Message> messages);

    /** Among {@code roomIds} only, those with the most messages in the window, most first, ties by room id. */
    List<RoomCount> busiest(Collection<Long> roomIds, Window window, Instant at, int limit);

    /** The room's senders with the most messages in the window, most first, ties by user id. */
    List<MemberCount> activeMembers(long roomId, Window window, Instant at, int limit);
}
