package dev.moim.bench.load;

import java.util.List;

import dev.moim.bench.report.Latency;
import dev.moim.bench.report.Second;
import dev.moim.bench.report.ServerProbe;

/**
 * The outcome of one phase of sending: the exact counts, the latency of measured deliveries, the per-second series,
 * and what the server spent while it was measured.
 *
 * @param deliveredPerSecond deliveries that arrived during the measured window, per second of it
 * @param drainMillis        how long the drain took after the last send was due
 * @param drainedFully       true when every expected delivery arrived (false: stopped after --drain of silence)
 */
public record PhaseResult(String name, String run, List<Schedule.Segment> segments, DeliveryLedger.Totals totals,
                          Latency latency, double measuredSeconds, double deliveredPerSecond, long drainMillis,
                          boolean drainedFully, List<Second> seconds, ConnectionStats.Snapshot connections,
                          ServerProbe.Findings server) {
}
