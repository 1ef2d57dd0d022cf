package dev.moim.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * When each message is due. A schedule is a row of segments, each at a constant total rate; message {@code k} of a
 * segment is due {@code k / rate} seconds after the segment starts. How many messages a segment holds follows from
 * its rate and length alone (floor of rate × seconds), never from a clock, so a run sends exactly what it planned
 * however late the sender falls behind.
 */
public final class Schedule {

    /** A stretch of constant rate. Deliveries of a segment that is not {@code measured} are checked but not timed. */
    public record Segment(String name, double rate, Duration length, boolean measured) {
        public Segment {
            if (rate <= 0 || length.isNegative()) {
                throw new IllegalArgumentException("A segment needs a positive rate and a length: " + rate + "/s, " + length);
            }
        }

        long messages() {
            // Exact for whole-number rates: nanos × rate / 1e9 in integers where it fits.
            return (long) Math.floor(rate * length.toNanos() / 1e9 + 1e-9);
        }
    }

    private final List<Segment> segments;
    private final long[] firstIndex;
    private final long[] startNanos;
    private final long total;
    private final long lengthNanos;

    public Schedule(List<Segment> segments) {
        this.segments = List.copyOf(segments);
        this.firstIndex = new long[segments.size()];
        this.startNanos = new long[segments.size()];
        long index = 0;
        long nanos = 0;
        for (int s = 0; s < segments.size(); s++) {
            firstIndex[s] = index;
            startNanos[s] = nanos;
            index += segments.get(s).messages();
            nanos += segments.get(s).length().toNanos();
        }
        this.total = index;
        this.lengthNanos = nanos;
    }

    /** A warm-up at {@code rate} (left out when zero) followed by the measured stretch at the same rate. */
    public static Schedule steady(double rate, Duration warmup, Duration duration) {
        List<Segment> segments = new ArrayList<>();
        if (!warmup.isZero()) {
            segments.add(new Segment("warm-up", rate, warmup, false));
        }
        segments.add(new Segment("measured", rate, duration, true));
        return new Schedule(segments);
    }

    /** Base rate, then {@code spikeRate} for {@code spikeLength} in the middle of {@code duration}, then base again. */
    public static Schedule spike(double rate, double spikeRate, Duration spikeLength, Duration warmup, Duration duration) {
        if (spikeLength.compareTo(duration) > 0) {
            throw new IllegalArgumentException("The spike (" + spikeLength + ") is longer than the run (" + duration + ")");
        }
        Duration before = duration.minus(spikeLength).dividedBy(2);
        Duration after = duration.minus(spikeLength).minus(before);
        List<Segment> segments = new ArrayList<>();
        if (!warmup.isZero()) {
            segments.add(new Segment("warm-up", rate, warmup, false));
        }
        segments.add(new Segment("before spike", rate, before, true));
        segments.add(new Segment("spike", spikeRate, spikeLength, true));
        segments.add(new Segment("after spike", rate, after, true));
        return new Schedule(segments);
    }

    public long messages() {
        return total;
    }

    public List<Segment> segments() {
        return segments;
    }

    /** Nanoseconds from the schedule's start to the end of its last segment. */
    public long lengthNanos() {
        return lengthNanos;
    }

    /** When message {@code index} is due, in nanoseconds from the schedule's start. */
    public long dueNanos(long index) {
        int s = segmentOf(index);
        long k = index - firstIndex[s];
        return startNanos[s] + (long) Math.floor(k * 1e9 / segments.get(s).rate());
    }

    public Segment segment(long index) {
        return segments.get(segmentOf(index));
    }

    public boolean measured(long index) {
        return segment(index).measured();
    }

    /** Nanoseconds from the schedule's start at which the first measured segment begins. */
    public long measuredStartNanos() {
        for (int s = 0; s < segments.size(); s++) {
            if (segments.get(s).measured()) {
                return startNanos[s];
            }
        }
        return lengthNanos;
    }

    /** How many messages are due in [fromNanos, toNanos). */
    public long dueBetween(long fromNanos, long toNanos) {
        return firstDueAtOrAfter(toNanos) - firstDueAtOrAfter(fromNanos);
    }

    /** The index of the first message due at or after {@code nanos} (or {@link #messages()} if none). */
    public long firstDueAtOrAfter(long nanos) {
        long low = 0;
        long high = total;
        while (low < high) {
            long middle = (low + high) >>> 1;
            if (dueNanos(middle) < nanos) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    private int segmentOf(long index) {
        if (index < 0 || index >= total) {
            throw new IndexOutOfBoundsException("message " + index + " of " + total);
        }
        int s = segments.size() - 1;
        while (firstIndex[s] > index || segments.get(s).messages() == 0) {
            s--;
        }
        return s;
    }
}
