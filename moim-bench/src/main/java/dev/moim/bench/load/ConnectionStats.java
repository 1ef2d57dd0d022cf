package dev.moim.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Trouble on the connections, over the whole run: what failed to open, what dropped, what the server refused. */
public final class ConnectionStats {

    private final LongAdder opened = new LongAdder();
    private final LongAdder failedToOpen = new LongAdder();
    private final LongAdder lost = new LongAdder();
    private final Map<String, LongAdder> errorFrames = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> refusedSubscriptions = new ConcurrentHashMap<>();

    void opened() {
        opened.increment();
    }

    void failedToOpen() {
        failedToOpen.increment();
    }

    void lost() {
        lost.increment();
    }

    void errorFrame(String code) {
        errorFrames.computeIfAbsent(code == null ? "UNKNOWN" : code, ignored -> new LongAdder()).increment();
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
        return new Snapshot(opened.sum(), failedToOpen.sum(), lost.sum(), sums(errorFrames), sums(refusedSubscriptions));
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counters) {
        Map<String, Long> result = new TreeMap<>();
        counters.forEach((code, count) -> result.put(code, count.sum()));
        return result;
    }

    public record Snapshot(long opened, long failedToOpen, long lost, Map<String, Long> errorFrames,
                           Map<String, Long> refusedSubscriptions) {
        public long connectionErrors() {
            return failedToOpen + lost;
        }

        public long errorFrameCount() {
            return errorFrames.values().stream().mapToLong(Long::longValue).sum();
        }
    }
}
