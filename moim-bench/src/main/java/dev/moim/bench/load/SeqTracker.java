package dev.moim.bench.load;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The last seq one connection has seen in each room. Moim delivers a room's messages to a connection in seq order
 * with no gap, so a seq at or below the last one is a duplicate, and a jump past the next one is a gap. The first
 * delivery in a room only sets where counting starts: messages before the subscription are not owed.
 *
 * <p>The seqs a gap skipped are remembered (up to a bound), so a duplicate that is in fact the first, late arrival
 * of a skipped seq can be told apart from a repeat: the order broke, but nothing was delivered twice.
 *
 * <p>Confined to the connection's receive path (the WebSocket listener is called one message at a time).
 */
public final class SeqTracker {

    /** Skipped seqs remembered per room; a gap wider than this is still counted, its seqs not all remembered. */
    private static final int REMEMBERED_SKIPS = 10_000;

    /**
     * What a delivery was.
     *
     * @param duplicate its seq was at or below the last one seen (the order Moim promises was broken)
     * @param late      a duplicate that is the first arrival of a seq a gap skipped, not a repeat
     * @param skipped   how many seqs it jumped over
     * @param lastSeq   the last seq seen before it (-1 for the first delivery in the room)
     */
    public record Step(boolean duplicate, boolean late, long skipped, long lastSeq) {
    }

    private static final class Room {
        long lastSeq;
        final Set<Long> skipped = new HashSet<>();

        Room(long lastSeq) {
            this.lastSeq = lastSeq;
        }
    }

    private final Map<Long, Room> rooms = new HashMap<>();
    private final String owner;

    /** @param owner whose connection this is, for reports (e.g. "user 12") */
    public SeqTracker(String owner) {
        this.owner = owner;
    }

    public SeqTracker() {
        this("a connection");
    }

    public String owner() {
        return owner;
    }

    public Step observe(long roomId, long seq) {
        Room room = rooms.get(roomId);
        if (room == null) {
            rooms.put(roomId, new Room(seq));
            return new Step(false, false, 0, -1);
        }
        long last = room.lastSeq;
        if (seq <= last) {
            return new Step(true, room.skipped.remove(seq), 0, last);
        }
        for (long missed = last + 1; missed < seq && room.skipped.size() < REMEMBERED_SKIPS; missed++) {
            room.skipped.add(missed);
        }
        room.lastSeq = seq;
        return new Step(false, false, seq - last - 1, last);
    }
}
