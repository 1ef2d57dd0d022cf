package dev.moim.message;

import java.util.List;
import java.util.Map;

/** JSON shapes of the reaction calls (the counts every member sees are in the message view and the event). */
public final class ReactionViews {

    private ReactionViews() {
    }

    /** The message's counts after the call, and the emojis the caller has on it. */
    public record Mine(long roomId, long seq, Map<String, Integer> counts, List<String> mine) {
    }
}
