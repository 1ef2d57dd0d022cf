package dev.moim.bench.report;

/**
 * One second of a phase, for the progress line and the charts. Counts are for that second; {@code missingSoFar}
 * and {@code errors} are running totals.
 *
 * @param second       seconds since the phase's schedule started (1 = the first second)
 * @param measured     whether the second lies in the measured window (not warm-up, not drain)
 * @param p50 p99 max  latency of that second's deliveries, in ms
 */
public record Second(long second, boolean measured, long sent, long acknowledged, long refused, long delivered,
                     double p50, double p99, double max, long missingSoFar, long errors) {
}
