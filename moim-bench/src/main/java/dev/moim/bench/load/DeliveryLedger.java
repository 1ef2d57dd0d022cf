package dev.moim.bench.load;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The exact account of one load phase: for each message, what the server answered and how many subscribers got
 * it. Expected deliveries are counted only for acknowledged messages (a refused one stores nothing and is not
 * published), each times the number of connections subscribed to its room when it was sent.
 *
 * <p>Thread-safe: the sender, every connection's receive path and the progress meter use it at once.
 */
public final class DeliveryLedger {

    private static final int UNSENT = 0;
    private static final int SENT = 1;
    private static final int ACKNOWLEDGED = 2;
    private static final int REFUSED = 3;

    private final String run;
    private final Schedule schedule;
    private final long originNanos;
    private final AtomicIntegerArray outcome;
    private final AtomicIntegerArray subscribers;
    private final AtomicIntegerArray delivered;
    private final Map<String, LongAdder> refusedByCode = new ConcurrentHashMap<>();

    private final LongAdder sent = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAdder deliveries = new LongAdder();
    private final LongAdder duplicates = new LongAdder();
    private final LongAdder gaps = new LongAdder();
    private final LongAdder strays = new LongAdder();
    private final LongAdder late = new LongAdder();
    private final List<String> anomalies = new ArrayList<>();
    private final AtomicLong lastDeliveryNanos = new AtomicLong(System.nanoTime());

    /** Latency of measured deliveries, in microseconds. */
    private final Recorder measuredLatency = new Recorder(3);
    /** Latency of every delivery, warm-up included, emptied each second for the per-second series. */
    private final Recorder secondLatency = new Recorder(3);

    /**
     * @param run         the run tag written into each marker; deliveries of other runs only move seqs
     * @param originNanos the {@link System#nanoTime()} that markers' intended times count from
     */
    public DeliveryLedger(String run, Schedule schedule, long originNanos) {
        if (schedule.messages() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("Too many messages for one phase: " + schedule.messages());
        }
        int size = (int) schedule.messages();
        this.run = run;
        this.schedule = schedule;
        this.originNanos = originNanos;
        this.outcome = new AtomicIntegerArray(size);
        this.subscribers = new AtomicIntegerArray(size);
        this.delivered = new AtomicIntegerArray(size);
    }

    public String run() {
        return run;
    }

    public Schedule schedule() {
        return schedule;
    }

    /** Called before the SEND leaves: {@code roomSubscribers} connections are owed this message once it is acknowledged. */
    public void sent(long index, int roomSubscribers) {
        subscribers.set((int) index, roomSubscribers);
        outcome.set((int) index, SENT);
        sent.increment();
    }

    /** A RECEIPT: the message is committed. Repeats and answers after a refusal change nothing. */
    public void acknowledged(long index) {
        if (inRange(index) && outcome.compareAndSet((int) index, SENT, ACKNOWLEDGED)) {
            acknowledged.increment();
        }
    }

    /** An {@code error} event for the message: the server stored nothing, for the reason {@code code}. */
    public void refused(long index, String code) {
        if (inRange(index) && outcome.compareAndSet((int) index, SENT, REFUSED)) {
            refused.increment();
            refusedByCode.computeIfAbsent(code == null ? "UNKNOWN" : code, ignored -> new LongAdder()).increment();
        }
    }

    /**
     * A {@code message} event reached a connection. {@code marker} is null for messages that are not the bench's
     * (SYSTEM messages, other runs): they still move the connection's seq.
     */
    public void delivery(SeqTracker seqs, long roomId, long seq, Marker marker, long receivedNanos) {
        SeqTracker.Step step = seqs.observe(roomId, seq);
        if (step.duplicate()) {
            duplicates.increment();
            note(seqs.owner() + ", room " + roomId + ": seq " + seq + " after " + step.lastSeq() + (step.late() ? " (late, first arrival)" : " (repeat)"));
            if (!step.late()) {
                return;
            }
            // The first arrival of a seq that a gap skipped: out of order, but a distinct delivery.
            late.increment();
        }
        if (step.skipped() > 0) {
            gaps.add(step.skipped());
            note(seqs.owner() + ", room " + roomId + ": seq " + seq + " after " + step.lastSeq() + " (" + step.skipped() + " skipped)");
        }
        if (marker == null) {
            return;
        }
        if (!marker.run().equals(run) || !inRange(marker.index())) {
            strays.increment();
            return;
        }
        delivered.incrementAndGet((int) marker.index());
        deliveries.increment();
        lastDeliveryNanos.accumulateAndGet(receivedNanos, Math::max);
        long latencyMicros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(receivedNanos - originNanos - marker.intendedNanos()));
        secondLatency.recordValue(latencyMicros);
        if (schedule.measured(marker.index())) {
            measuredLatency.recordValue(latencyMicros);
        }
    }

    public long sentCount() {
        return sent.sum();
    }

    public long acknowledgedCount() {
        return acknowledged.sum();
    }

    public long refusedCount() {
        return refused.sum();
    }

    public long deliveryCount() {
        return deliveries.sum();
    }

    public long lastDeliveryNanos() {
        return lastDeliveryNanos.get();
    }

    /** The latency of deliveries since the last call (all of them, warm-up included). */
    public Histogram takeSecondLatency() {
        return secondLatency.getIntervalHistogram();
    }

    /** The latency of measured deliveries since the last call. */
    public Histogram takeMeasuredLatency() {
        return measuredLatency.getIntervalHistogram();
    }

    /** Messages sent that got neither a RECEIPT nor an error yet. */
    public long unanswered() {
        long count = 0;
        for (int i = 0; i < outcome.length(); i++) {
            if (outcome.get(i) == SENT) {
                count++;
            }
        }
        return count;
    }

    /** Deliveries still owed for acknowledged messages, plus one for every message not answered yet. */
    public long outstanding() {
        long count = 0;
        for (int i = 0; i < outcome.length(); i++) {
            int state = outcome.get(i);
            if (state == ACKNOWLEDGED) {
                count += Math.max(0, subscribers.get(i) - delivered.get(i));
            } else if (state == SENT) {
                count++;
            }
        }
        return count;
    }

    /**
     * Deliveries owed for acknowledged messages that were due before {@code dueBeforeNanos} (schedule time) and
     * have not arrived: the "missing so far" of the progress line.
     */
    public long missingDueBefore(long dueBeforeNanos) {
        long end = schedule.firstDueAtOrAfter(dueBeforeNanos);
        long count = 0;
        for (int i = 0; i < end; i++) {
            if (outcome.get(i) == ACKNOWLEDGED) {
                count += Math.max(0, subscribers.get(i) - delivered.get(i));
            }
        }
        return count;
    }

    /** The final account; take it after the drain. */
    public Totals totals() {
        long expected = 0;
        long received = 0;
        long missing = 0;
        long beyondExpected = 0;
        long unanswered = 0;
        long deliveredUnacknowledged = 0;
        for (int i = 0; i < outcome.length(); i++) {
            int state = outcome.get(i);
            int got = delivered.get(i);
            if (state == ACKNOWLEDGED) {
                int owed = subscribers.get(i);
                expected += owed;
                received += Math.min(got, owed);
                missing += Math.max(0, owed - got);
                beyondExpected += Math.max(0, got - owed);
            } else {
                if (state == SENT) {
                    unanswered++;
                }
                deliveredUnacknowledged += got;
            }
        }
        Map<String, Long> byCode = new TreeMap<>();
        refusedByCode.forEach((code, count) -> byCode.put(code, count.sum()));
        List<String> firstAnomalies;
        synchronized (anomalies) {
            firstAnomalies = List.copyOf(anomalies);
        }
        return new Totals(schedule.messages(), sent.sum(), acknowledged.sum(), refused.sum(), byCode, unanswered,
                expected, received, missing, duplicates.sum(), late.sum(), gaps.sum(), beyondExpected,
                deliveredUnacknowledged, strays.sum(), firstAnomalies);
    }

    /** Keeps the first few breaks of order, as evidence for whoever reads the report. */
    private void note(String anomaly) {
        synchronized (anomalies) {
            if (anomalies.size() < 10) {
                anomalies.add(anomaly);
            }
        }
    }

    private boolean inRange(long index) {
        return index >= 0 && index < outcome.length();
    }

    /**
     * @param planned                 messages the schedule holds
     * @param duplicates              deliveries whose seq was at or below the last one the connection saw in the room
     * @param late                    of those, first arrivals of seqs a gap had skipped (out of order, counted as
     *                                received); the rest are repeats
     * @param gaps                    seqs skipped on a connection when a delivery jumped ahead
     * @param beyondExpected          deliveries of a message beyond its subscriber count (should be 0)
     * @param deliveredUnacknowledged deliveries of messages that were never acknowledged (unanswered or refused)
     * @param strays                  deliveries carrying another run's marker
     * @param firstAnomalies          the first few duplicates and gaps: room, seq, and the seq seen before it
     */
    public record Totals(long planned, long sent, long acknowledged, long refused, Map<String, Long> refusedByCode,
                         long unanswered, long expected, long received, long missing, long duplicates, long late,
                         long gaps, long beyondExpected, long deliveredUnacknowledged, long strays,
                         List<String> firstAnomalies) {
    }
}
