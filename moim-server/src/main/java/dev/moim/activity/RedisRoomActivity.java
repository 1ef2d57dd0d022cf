package dev.moim.activity;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.trending.Window;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Room activity in cluster mode: the buckets of {@link InMemoryRoomActivity} as Redis sorted sets that every node
 * adds to, so the counts are the whole cluster's. Per bucket ({@code unit} is minute or hour, {@code n} the bucket's
 * number since the epoch):
 * <ul>
 *   <li>{@code moim:activity:rooms:{unit}:{n}}: room ids scored by their messages in the bucket;</li>
 *   <li>{@code moim:activity:room:{roomId}:senders:{unit}:{n}}: the room's senders scored by their messages.</li>
 * </ul>
 * A batch of messages is summed here first and sent as one pipeline of ZINCRBY and EXPIRE (each key is kept until it
 * has left its window). The busiest rooms are the sums over the window's buckets of the caller's rooms' scores
 * (ZMSCORE per bucket, so the cost follows the caller's rooms, not all rooms); active members are the ZUNION of the
 * room's sender buckets. Needs Redis 6.2 or later.
 */
@Component
@Profile("redis")
public class RedisRoomActivity implements RoomActivity {

    private static final Logger log = LoggerFactory.getLogger(RedisRoomActivity.class);
    static final String PREFIX = "moim:activity:";
    /** Longer than the client's own command timeout, so that a stalled Redis fails the command first. */
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final String prefix;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> redis;

    @Autowired
    public RedisRoomActivity(RedisClient client) {
        this(client, PREFIX);
    }

    /** {@code prefix}: where the keys live (tests may give each test its own). */
    RedisRoomActivity(RedisClient client, String prefix) {
        this.prefix = prefix;
        this.connection = client.connect();
        this.redis = connection.async();
    }

    @PreDestroy
    void close() {
        connection.close();
    }

    @Override
    public void recordAll(Collection<Message> messages) {
        // key -> member -> messages, and key -> how long to keep it
        Map<String, Map<String, Long>> increments = new LinkedHashMap<>();
        Map<String, Duration> keep = new HashMap<>();
        for (Message message : messages) {
            for (Window window : Window.values()) {
                Buckets buckets = Buckets.of(window);
                long index = buckets.index(message.at());
                String rooms = roomsKey(buckets, index);
                String senders = sendersKey(message.roomId(), buckets, index);
                increments.computeIfAbsent(rooms, k -> new HashMap<>()).merge(Long.toString(message.roomId()), 1L, Long::sum);
                increments.computeIfAbsent(senders, k -> new HashMap<>()).merge(Long.toString(message.senderId()), 1L, Long::sum);
                keep.put(rooms, buckets.keep());
                keep.put(senders, buckets.keep());
            }
        }
        List<Future<?>> replies = new ArrayList<>();
        increments.forEach((key, members) -> {
            members.forEach((member, count) -> replies.add(redis.zincrby(key, count, member)));
            replies.add(redis.expire(key, keep.get(key).toSeconds()));
        });
        for (Future<?> reply : replies) {
            await(reply);
        }
    }

    @Override
    public List<RoomCount> busiest(Collection<Long> roomIds, Window window, Instant at, int limit) {
        List<Long> rooms = roomIds.stream().distinct().toList();
        if (rooms.isEmpty() || limit <= 0) {
            return List.of();
        }
        String[] members = rooms.stream().map(String::valueOf).toArray(String[]::new);
        Buckets buckets = Buckets.of(window);
        List<RedisFuture<List<Double>>> replies = new ArrayList<>();
        for (long index = buckets.first(at); index <= buckets.index(at); index++) {
            replies.add(redis.zmscore(roomsKey(buckets, index), members));
        }
        Map<Long, Long> sums = new HashMap<>();
        for (RedisFuture<List<Double>> reply : replies) {
            List<Double> scores = read(reply);
            for (int i = 0; i < scores.size(); i++) {
                if (scores.get(i) != null) {
                    sums.merge(rooms.get(i), Math.round(scores.get(i)), Long::sum);
                }
            }
        }
        return Buckets.ranked(sums, limit).stream().map(e -> new RoomCount(e.getKey(), e.getValue())).toList();
    }

    @Override
    public List<MemberCount> activeMembers(long roomId, Window window, Instant at, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        Buckets buckets = Buckets.of(window);
        List<String> keys = new ArrayList<>();
        for (long index = buckets.first(at); index <= buckets.index(at); index++) {
            keys.add(sendersKey(roomId, buckets, index));
        }
        Map<Long, Long> sums = new HashMap<>();
        for (ScoredValue<String> sender : read(redis.zunionWithScores(keys.toArray(String[]::new)))) {
            sums.put(Long.parseLong(sender.getValue()), Math.round(sender.getScore()));
        }
        return Buckets.ranked(sums, limit).stream().map(e -> new MemberCount(e.getKey(), e.getValue())).toList();
    }

    private String roomsKey(Buckets buckets, long index) {
        return prefix + "rooms:" + buckets.unit() + ":" + index;
    }

    private String sendersKey(long roomId, Buckets buckets, long index) {
        return prefix + "room:" + roomId + ":senders:" + buckets.unit() + ":" + index;
    }

    /** A reply for a ranking; Redis out of reach is SERVER_BUSY for the caller. */
    private static <T> T read(Future<T> reply) {
        try {
            return await(reply);
        } catch (RuntimeException e) {
            log.warn("Room activity could not be read: {}", e.toString());
            throw new MoimException(ErrorCode.SERVER_BUSY, "Room activity cannot be read right now; try again shortly");
        }
    }

    private static <T> T await(Future<T> reply) {
        try {
            return reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Redis did not answer in " + WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Redis");
        }
    }
}
