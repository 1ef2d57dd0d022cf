package dev.moim.bench.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.moim.bench.load.PhaseResult;
import dev.moim.bench.load.ReconnectStorm;
import dev.moim.bench.load.RunSettings;
import dev.moim.bench.load.Schedule;
import dev.moim.bench.prepare.Shape;
import dev.moim.bench.report.BenchReport;

/** The scenarios as a Java API: the command line and the tests both come through here. */
public final class Scenarios {

    private Scenarios() {
    }

    /** An even rate over rooms of the same size. {@code scenario} names it in the report (steady, overload, bigroom). */
    public static BenchReport steady(String scenario, RunSettings settings, Shape shape, double rate, Duration warmup,
                                     Duration duration, PrintStream out) {
        Map<String, Object> options = options(settings, shape);
        options.put("rate", rate);
        options.put("warmup", warmup.toString());
        options.put("duration", duration.toString());
        return BenchSession.execute(scenario, settings, shape, options, out, run -> new BenchSession.Outcome(
                List.of(run.run(scenario, Schedule.steady(rate, warmup, duration))), null));
    }

    /** Base rate with a burst at {@code spikeRate} for {@code spikeLength} in the middle of the run. */
    public static BenchReport spike(RunSettings settings, Shape shape, double rate, double spikeRate, Duration spikeLength,
                                    Duration warmup, Duration duration, PrintStream out) {
        Map<String, Object> options = options(settings, shape);
        options.put("rate", rate);
        options.put("spikeRate", spikeRate);
        options.put("spikeDuration", spikeLength.toString());
        options.put("warmup", warmup.toString());
        options.put("duration", duration.toString());
        return BenchSession.execute("spike", settings, shape, options, out, run -> new BenchSession.Outcome(
                List.of(run.run("spike", Schedule.spike(rate, spikeRate, spikeLength, warmup, duration))), null));
    }

    /**
     * Steady steps from {@code from} up by {@code step} to {@code to} on the same connections, stopping at the first
     * step whose p99 exceeds the bound or that lost a delivery (or had one refused). Reports the highest rate that
     * held.
     */
    public static BenchReport ramp(RunSettings settings, Shape shape, double from, double to, double step,
                                   Duration stepLength, Duration p99Bound, PrintStream out) {
        Map<String, Object> options = options(settings, shape);
        options.put("from", from);
        options.put("to", to);
        options.put("step", step);
        options.put("stepDuration", stepLength.toString());
        options.put("p99Bound", p99Bound.toString());
        return BenchSession.execute("ramp", settings, shape, options, out, run -> {
            List<PhaseResult> phases = new ArrayList<>();
            double held = 0;
            String stoppedBecause = "reached --to";
            for (double rate = from; rate <= to + 1e-9; rate += step) {
                PhaseResult phase = run.run(String.format("%.0f/s", rate), Schedule.steady(rate, Duration.ZERO, stepLength));
                phases.add(phase);
                String failure = rampFailure(phase, p99Bound);
                out.printf("Step %.0f/s: p99 %.1f ms, missing %d, refused %d -> %s%n", rate, phase.latency().p99(),
                        phase.totals().missing(), phase.totals().refused(), failure == null ? "held" : failure);
                if (failure != null) {
                    stoppedBecause = "stopped at " + String.format("%.0f/s", rate) + ": " + failure;
                    break;
                }
                held = rate;
            }
            String conclusion = held == 0
                    ? "No step held (" + stoppedBecause + ")"
                    : String.format("Highest rate that held: %.0f messages/s (p99 within %d ms, nothing missing); %s",
                    held, p99Bound.toMillis(), stoppedBecause);
            return new BenchSession.Outcome(phases, conclusion);
        });
    }

    /** Many connections in small rooms with a light rate: what idle sockets cost the server. */
    public static BenchReport idle(RunSettings settings, int connections, int roomSize, double rate, Duration warmup,
                                   Duration duration, PrintStream out) {
        int users = Math.max(roomSize, (connections + settings.devices() - 1) / settings.devices());
        Shape shape = new Shape(Math.max(1, users / roomSize), roomSize);
        return steady("idle", settings, shape, rate, warmup, duration, out);
    }

    /**
     * The reconnect storm: a short steady phase at {@code rate}, then every client goes away, {@code perRoom}
     * messages are posted to each room, and every client comes back at once and catches up by afterSeq.
     */
    public static BenchReport storm(RunSettings settings, Shape shape, int perRoom, double rate, Duration before,
                                    Duration bound, PrintStream out) {
        Map<String, Object> options = options(settings, shape);
        options.put("perRoom", perRoom);
        options.put("rate", rate);
        options.put("before", before.toString());
        options.put("bound", bound.toString());
        return BenchSession.execute("storm", settings, shape, options, out, run -> {
            PhaseResult steady = run.run("before the storm", Schedule.steady(rate, Duration.ZERO, before));
            ReconnectStorm storm = run.storm(perRoom);
            boolean held = storm.failed() == 0 && storm.missing() == 0 && storm.secondsToAll() <= bound.toNanos() / 1e9;
            String conclusion = String.format("Reconnect storm: %d of %d clients back and caught up (%d messages owed, %d missing) "
                            + "in %.1f s (bound %d s): %s; per client p50 %.0f ms, p99 %.0f ms, max %.0f ms%s",
                    storm.caughtUp(), storm.clients(), storm.expected(), storm.missing(), storm.secondsToAll(),
                    bound.toSeconds(), held ? "held" : "NOT held", storm.perClient().p50(), storm.perClient().p99(),
                    storm.perClient().max(), storm.firstFailures().isEmpty() ? "" : "; first failures " + storm.firstFailures());
            return new BenchSession.Outcome(List.of(steady), conclusion, storm);
        });
    }

    static String rampFailure(PhaseResult phase, Duration p99Bound) {
        if (phase.totals().missing() > 0) {
            return phase.totals().missing() + " deliveries missing";
        }
        if (phase.totals().unanswered() > 0) {
            return phase.totals().unanswered() + " sends unanswered";
        }
        if (phase.totals().refused() > 0) {
            return phase.totals().refused() + " sends refused " + phase.totals().refusedByCode();
        }
        if (phase.latency().p99() > p99Bound.toNanos() / 1e6) {
            return String.format("p99 %.1f ms over %d ms", phase.latency().p99(), p99Bound.toMillis());
        }
        return null;
    }

    private static Map<String, Object> options(RunSettings settings, Shape shape) {
        Map<String, Object> options = new LinkedHashMap<>();
        options.put("api", settings.api().toString());
        options.put("ws", settings.webSockets().stream().map(Object::toString).toList());
        options.put("rooms", shape.rooms());
        options.put("roomSize", shape.roomSize());
        options.put("devices", settings.devices());
        options.put("connectRate", settings.connectRate());
        options.put("drain", settings.drain().toString());
        options.put("serverPids", settings.serverPids());
        return options;
    }
}
