package dev.moim.bench.load;

import java.util.HashMap;
import java.util.Map;

/**
 * The last seq one connection has seen in each room. Moim delivers a room's messages to a connection in seq order
 * with no gap, so a seq at or below the last one is a duplicate, and a jump past the next one is a gap. The first
 * delivery in a room only sets where counting starts: messages before the subscription are not owed.
 *
 * <p>Confined to the connection's receive path (the WebSocket listener is called one message at a time).
 */
public final class SeqTracker {

    /** What a delivery was: new (with the number of seqs skipped before it) or a duplicate. */
    public record Step(boolean duplicate, long skipped) {
        static final Step DUPLICATE = new Step(true, 0);
        static final Step IN_ORDER = new Step(false, 0);
    }

    private final Map<Long, Long> lastSeqByRoom = new HashMap<>();

    public Step observe(long roomId, long seq) {
        Long last = lastSeqByRoom.get(roomId);
        if (last != null && seq <= last) {
            return Step.DUPLICATE;
        }
        lastSeqByRoom.put(roomId, seq);
        if (last == null || seq == last + 1) {
            return Step.IN_ORDER;
        }
        return new Step(false, seq - last - 1);
    }
}
