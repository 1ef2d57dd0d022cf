package dev.moim.bench.report;

import java.io.PrintStream;

import dev.moim.bench.load.DeliveryLedger;
import dev.moim.bench.load.PhaseResult;

/** The end-of-run summary on the console. */
public final class Summary {

    private Summary() {
    }

    public static void print(BenchReport report, PrintStream out) {
        out.println();
        out.printf("== %s (run %s) ==%n", report.scenario(), report.run());
        for (PhaseResult phase : report.phases()) {
            printPhase(phase, out);
        }
        out.printf("Connections: %d open, connection errors %d, error frames %d%s%s%n", report.connections(),
                report.connectionTotals().connectionErrors(), report.connectionTotals().errorFrameCount(),
                report.connectionTotals().errorFrames().isEmpty() ? "" : " " + report.connectionTotals().errorFrames(),
                report.connectionTotals().unreadableFrames() == 0 ? "" : ", unreadable frames " + report.connectionTotals().unreadableFrames());
        if (!report.connectionTotals().firstReasons().isEmpty()) {
            out.printf("First connection errors: %s%n", report.connectionTotals().firstReasons());
        }
        if (report.connectionTotals().typingSent() > 0) {
            out.printf("Typing signals sent: %d%n", report.connectionTotals().typingSent());
        }
        if (!report.connectionTotals().otherEvents().isEmpty()) {
            out.printf("Other room event frames received: %s; presence changes in them: %d%n",
                    report.connectionTotals().otherEvents(), report.connectionTotals().presenceChanges());
        }
        if (!report.connectionTotals().refusedSubscriptions().isEmpty()) {
            out.printf("Refused subscriptions: %s%n", report.connectionTotals().refusedSubscriptions());
        }
        report.heapAfterGc().forEach((pid, heap) -> out.printf("Server %d heap after GC: %s%n", pid, heap == null ? "(jcmd unavailable)" : heap));
        if (report.storm() != null && report.storm().server().windowSeconds() > 0) {
            out.printf("Server CPU during the storm: %.2f cores over %.1f s%n", report.storm().server().cores(),
                    report.storm().server().windowSeconds());
        }
        if (report.conclusion() != null) {
            out.println(report.conclusion());
        }
    }

    private static void printPhase(PhaseResult phase, PrintStream out) {
        DeliveryLedger.Totals t = phase.totals();
        out.printf("-- %s --%n", phase.name());
        out.printf("sent %d of %d planned, acknowledged %d, refused %d%s, unanswered %d%n", t.sent(), t.planned(),
                t.acknowledged(), t.refused(), t.refusedByCode().isEmpty() ? "" : " " + t.refusedByCode(), t.unanswered());
        out.printf("deliveries: expected %d, received %d, missing %d, duplicates %d%s, gaps %d%s%n", t.expected(),
                t.received(), t.missing(), t.duplicates(),
                t.late() == 0 ? "" : " (" + t.late() + " of them late first arrivals, out of order)", t.gaps(),
                t.deliveredUnacknowledged() + t.beyondExpected() + t.strays() == 0 ? ""
                        : String.format(" (unacknowledged but delivered %d, beyond expected %d, other runs %d)",
                        t.deliveredUnacknowledged(), t.beyondExpected(), t.strays()));
        if (!t.firstAnomalies().isEmpty()) {
            out.printf("first breaks of seq order: %s%n", t.firstAnomalies());
        }
        Latency l = phase.latency();
        out.printf("latency (ms, from intended send to delivery, %d measured deliveries): p50 %.1f  p90 %.1f  p99 %.1f  p99.9 %.1f  max %.1f%n",
                l.count(), l.p50(), l.p90(), l.p99(), l.p999(), l.max());
        out.printf("delivered/s over the measured %.0f s: %.0f; drain %s in %.1f s%n", phase.measuredSeconds(),
                phase.deliveredPerSecond(), phase.drainedFully() ? "complete" : "gave up", phase.drainMillis() / 1000.0);
        ServerProbe.Findings server = phase.server();
        if (server != null && !server.processes().isEmpty()) {
            out.printf("server CPU: %.2f cores over %.1f s%s%n", server.cores(), server.windowSeconds(),
                    server.microsPerDelivery() == null ? "" : String.format(", %.1f µs per delivery", server.microsPerDelivery()));
        }
        if (server != null && !server.prometheusDeltas().isEmpty()) {
            server.prometheusDeltas().forEach((series, delta) -> {
                if (series.startsWith("moim_sessions_too_slow") && delta > 0) {
                    out.printf("sessions the server closed as too slow in the measured window: %.0f%n", delta);
                }
            });
            out.printf("prometheus counters changed: %d series (in result.json)%n", server.prometheusDeltas().size());
        }
    }

}
