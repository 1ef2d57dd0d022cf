package dev.moim.activity;

import java.time.Instant;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

import dev.moim.trending.Window;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Room activity on one node (the embedded default), in memory: per window its buckets, each holding a count per
 * room and per (room, sender). Buckets that have left their window are dropped as new messages come in. Memory is
 * bounded: past {@code maxEntries} counts in all, a room or sender new to its bucket is not counted (those already
 * there still are) until old buckets are dropped.
 */
@Component
@Profile("!redis")
public class InMemoryRoomActivity implements RoomActivity {

    /** About 100 bytes each: some 50 MB at most. */
    static final int MAX_ENTRIES = 500_000;

    private final int maxEntries;
    private final Map<Window, NavigableMap<Long, Bucket>> series = new EnumMap<>(Window.class);
    /** Counts held in all buckets (guarded by this). */
    private int entries;
    private long uncounted;

    public InMemoryRoomActivity() {
        this(MAX_ENTRIES);
    }

    InMemoryRoomActivity(int maxEntries) {
        this.maxEntries = maxEntries;
        for (Window window : Window.values()) {
            series.put(window, new TreeMap<>());
        }
    }

    /** One bucket's counts: messages per room, and per sender within each room. */
    private static final class Bucket {
        final Map<Long, long[]> rooms = new HashMap<>();
        final Map<Long, Map<Long, long[]>> senders = new HashMap<>();
        int entries;
    }

    @Override
    public synchronized void recordAll(Collection<Message> messages) {
        for (Message message : messages) {
            for (Window window : Window.values()) {
                add(window, message);
            }
        }
    }

    private void add(Window window, Message message) {
        Buckets buckets = Buckets.of(window);
        NavigableMap<Long, Bucket> held = series.get(window);
        NavigableMap<Long, Bucket> gone = held.headMap(buckets.first(message.at()), false);
        for (Bucket old : gone.values()) {
            entries -= old.entries;
        }
        gone.clear();
        Bucket bucket = held.computeIfAbsent(buckets.index(message.at()), index -> new Bucket());
        long[] room = bucket.rooms.get(message.roomId());
        if (room == null) {
            if (entries >= maxEntries) {
                uncounted++;
                return;
            }
            room = new long[1];
            bucket.rooms.put(message.roomId(), room);
            bucket.entries++;
            entries++;
        }
        room[0]++;
        Map<Long, long[]> senders = bucket.senders.computeIfAbsent(message.roomId(), id -> new HashMap<>());
        long[] sender = senders.get(message.senderId());
        if (sender == null) {
            if (entries >= maxEntries) {
                uncounted++;
                return;
            }
            sender = new long[1];
            senders.put(message.senderId(), sender);
            bucket.entries++;
            entries++;
        }
        sender[0]++;
    }

    @Override
    public synchronized List<RoomCount> busiest(Collection<Long> roomIds, Window window, Instant at, int limit) {
        Set<Long> wanted = new HashSet<>(roomIds);
        Map<Long, Long> sums = new HashMap<>();
        for (Bucket bucket : inWindow(window, at)) {
            if (wanted.size() < bucket.rooms.size()) {
                for (Long roomId : wanted) {
                    long[] count = bucket.rooms.get(roomId);
                    if (count != null) {
                        sums.merge(roomId, count[0], Long::sum);
                    }
                }
            } else {
                bucket.rooms.forEach((roomId, count) -> {
                    if (wanted.contains(roomId)) {
                        sums.merge(roomId, count[0], Long::sum);
                    }
                });
            }
        }
        return Buckets.ranked(sums, limit).stream().map(e -> new RoomCount(e.getKey(), e.getValue())).toList();
    }

    @Override
    public synchronized List<MemberCount> activeMembers(long roomId, Window window, Instant at, int limit) {
        Map<Long, Long> sums = new HashMap<>();
        for (Bucket bucket : inWindow(window, at)) {
            bucket.senders.getOrDefault(roomId, Map.of()).forEach((userId, count) -> sums.merge(userId, count[0], Long::sum));
        }
        return Buckets.ranked(sums, limit).stream().map(e -> new MemberCount(e.getKey(), e.getValue())).toList();
    }

    /** Messages that came when the memory bound was reached. */
    synchronized long uncounted() {
        return uncounted;
    }

    private Collection<Bucket> inWindow(Window window, Instant at) {
        Buckets buckets = Buckets.of(window);
        return series.get(window).subMap(buckets.first(at), true, buckets.index(at), true).values();
    }
}
