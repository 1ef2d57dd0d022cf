package dev.moim.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Trouble on the connections, over the whole run: what failed to open, what dropped, what the server refused. */
public final class ConnectionStats {

    private final LongAdder opened = new LongAdder();
    private final LongAdder failedToOpen = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final LongAdder unreadableFrames = new LongAdder();
    private final Map<String, LongAdder> errorFrames = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusedSubscriptions = new ConcurrentHashMap<>();
    /** Room events other than posted messages, by topic ("room" or "live") and type, e.g. "live presence". */
    private final Map<String, LongAdder> otherEvents = new ConcurrentHashMap<>();
    private final LongAdder presenceChanges = new LongAdder();
    private final LongAdder typingSent = new LongAdder();
    private final List<String> reasons = new ArrayList<>();

    void opened() {
        opened.increment();
    }

    void lost(String why) {
        lost.increment();
        note(why);
    }

    void failedToOpen(String why) {
        failedToOpen.increment();
        note(why);
    }

    /** A frame the bench could not make sense of (its body was not the JSON it expected). */
    void unreadableFrame(String why) {
        unreadableFrames.increment();
        note(why);
    }

    /** Keeps the first few reasons, enough to see what went wrong without flooding the report. */
    private void note(String why) {
        synchronized (reasons) {
            if (reasons.size() < 10) {
                reasons.add(why);
            }
        }
    }

    void errorFrame(String code) {
        errorFrames.computeIfAbsent(code == null ? "UNKNOWN" : code, ignored -> new LongAdder()).increment();
    }

    void otherEvent(boolean live, String type, int changes) {
        otherEvents.computeIfAbsent((live ? "live " : "room ") + type, ignored -> new LongAdder()).increment();
        presenceChanges.add(changes);
    }

    void typingSent() {
        typingSent.increment();
    }

    void refusedSubscription(String code) {
        refusedSubscriptions.computeIfAbsent(code == null ? "UNKNOWN" : code, ignored -> new LongAdder()).increment();
    }

    /** Connection errors: connections that failed to open or subscribe, plus those that dropped afterwards. */
    public long connectionErrors() {
        return failedToOpen.sum() + lost.sum();
    }

    public long errorFrameCount() {
        return errorFrames.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Snapshot snapshot() {
        List<String> firstReasons;
        synchronized (reasons) {
            firstReasons = List.copyOf(reasons);
        }
        return new Snapshot(opened.sum(), failedToOpen.sum(), lost.sum(), unreadableFrames.sum(), sums(errorFrames), sums(refusedSubscriptions),
                sums(otherEvents), presenceChanges.sum(), typingSent.sum(), firstReasons);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> result = new TreeMap<>();
        counters.forEach((code, count) -> result.put(code, count.sum()));
        return result;
    }

    /**
     * @param otherEvents     frames of room events other than posted messages, by topic and type ("live presence")
     * @param presenceChanges members' presence changes those presence frames carried in all
     * @param typingSent      typing signals the bench sent (--typing-rate)
     * @param firstReasons    the first few connection errors and unreadable frames, as text
     */
    public record Snapshot(long opened, long failedToOpen, long lost, long unreadableFrames, Map<String, Long> errorFrames,
                           Map<String, Long> refusedSubscriptions, Map<String, Long> otherEvents, long presenceChanges,
                           long typingSent, List<String> firstReasons) {
        public long connectionErrors() {
            return failedToOpen + lost;
        }

        public long errorFrameCount() {
            return errorFrames.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
