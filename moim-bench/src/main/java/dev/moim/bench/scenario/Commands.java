package dev.moim.bench.scenario;

import java.time.Duration;
import java.util.concurrent.Callable;

import dev.moim.bench.prepare.Shape;
import dev.moim.bench.report.BenchReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The scenarios on the command line. Each returns exit code 0 when everything acknowledged was delivered exactly
 * once, 1 otherwise, so a script can tell a lossy run from a slow one.
 */
public final class Commands {

    private Commands() {
    }

    static int exitCode(BenchReport report) {
        boolean clean = report.phases().stream().allMatch(phase -> phase.totals().missing() == 0 && phase.totals().duplicates() == 0);
        return clean ? 0 : 1;
    }

    @Command(name = "steady", mixinStandardHelpOptions = true,
            description = "An even total rate over rooms of the same size: delivery, loss and latency at a load you choose.")
    public static final class Steady implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Option(names = "--rooms", defaultValue = "100", description = "Rooms (default: ${DEFAULT-VALUE})") int rooms;
        @Option(names = "--room-size", defaultValue = "10", description = "Members per room (default: ${DEFAULT-VALUE})") int roomSize;
        @Option(names = "--rate", defaultValue = "5000", description = "Messages per second, in total (default: ${DEFAULT-VALUE})") double rate;
        @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, description = "Measured time (default: ${DEFAULT-VALUE})") Duration duration;
        @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class, description = "Warm-up before it, checked but not timed (default: ${DEFAULT-VALUE})") Duration warmup;

        @Override
        public Integer call() {
            return exitCode(Scenarios.steady("steady", common.settings("steady"), new Shape(rooms, roomSize), rate, warmup, duration, System.out));
        }
    }

    @Command(name = "overload", mixinStandardHelpOptions = true,
            description = "Like steady, at a rate past what the server accepts: refusals by reason, and the latency of what it accepted.")
    public static final class Overload implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Option(names = "--rooms", defaultValue = "100", description = "Rooms (default: ${DEFAULT-VALUE})") int rooms;
        @Option(names = "--room-size", defaultValue = "10", description = "Members per room (default: ${DEFAULT-VALUE})") int roomSize;
        @Option(names = "--rate", defaultValue = "10000", description = "Messages per second, in total (default: ${DEFAULT-VALUE})") double rate;
        @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, description = "Measured time (default: ${DEFAULT-VALUE})") Duration duration;
        @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class, description = "Warm-up (default: ${DEFAULT-VALUE})") Duration warmup;

        @Override
        public Integer call() {
            return exitCode(Scenarios.steady("overload", common.settings("overload"), new Shape(rooms, roomSize), rate, warmup, duration, System.out));
        }
    }

    @Command(name = "bigroom", mixinStandardHelpOptions = true,
            description = "One large room: every message fans out to every member.")
    public static final class BigRoom implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Option(names = "--room-size", defaultValue = "1000", description = "Members of the room (default: ${DEFAULT-VALUE})") int roomSize;
        @Option(names = "--rate", defaultValue = "50", description = "Messages per second (default: ${DEFAULT-VALUE})") double rate;
        @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, description = "Measured time (default: ${DEFAULT-VALUE})") Duration duration;
        @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class, description = "Warm-up (default: ${DEFAULT-VALUE})") Duration warmup;

        @Override
        public Integer call() {
            return exitCode(Scenarios.steady("bigroom", common.settings("bigroom"), new Shape(1, roomSize), rate, warmup, duration, System.out));
        }
    }

    @Command(name = "storm", mixinStandardHelpOptions = true,
            description = "Reconnect storm: every client goes away, messages are posted to every room, then all come back at once and catch up by afterSeq.")
    public static final class Storm implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Option(names = "--rooms", defaultValue = "100", description = "Rooms (default: ${DEFAULT-VALUE})") int rooms;
        @Option(names = "--room-size", defaultValue = "10", description = "Members per room (default: ${DEFAULT-VALUE})") int roomSize;
        @Option(names = "--missed", defaultValue = "100", description = "Messages posted to each room while everyone is away (default: ${DEFAULT-VALUE})") int missed;
        @Option(names = "--rate", defaultValue = "100", description = "Messages per second before the storm (default: ${DEFAULT-VALUE})") double rate;
        @Option(names = "--before", defaultValue = "5s", converter = DurationConverter.class, description = "Steady sending before the storm (default: ${DEFAULT-VALUE})") Duration before;
        @Option(names = "--bound", defaultValue = "10s", converter = DurationConverter.class, description = "Every client must be back and caught up within this (default: ${DEFAULT-VALUE})") Duration bound;

        @Override
        public Integer call() {
            BenchReport report = Scenarios.storm(common.settings("storm"), new Shape(rooms, roomSize), missed, rate, before, bound, System.out);
            return report.storm().failed() == 0 && report.storm().missing() == 0 ? exitCode(report) : 1;
        }
    }

    @Command(name = "idle", mixinStandardHelpOptions = true,
            description = "Many mostly idle connections (users in small rooms) with a light rate.")
    public static final class Idle implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Option(names = "--connections", defaultValue = "1000", description = "Connections to hold open (default: ${DEFAULT-VALUE})") int connections;
        @Option(names = "--room-size", defaultValue = "5", description = "Members per room (default: ${DEFAULT-VALUE})") int roomSize;
        @Option(names = "--rate", defaultValue = "10", description = "Messages per second, in total (default: ${DEFAULT-VALUE})") double rate;
        @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, description = "Measured time (default: ${DEFAULT-VALUE})") Duration duration;
        @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class, description = "Warm-up (default: ${DEFAULT-VALUE})") Duration warmup;

        @Override
        public Integer call() {
            return exitCode(Scenarios.idle(common.settings("idle"), connections, roomSize, rate, warmup, duration, System.out));
        }
    }

    @Command(name = "spike", mixinStandardHelpOptions = true,
            description = "A base rate with a burst in the middle: how latency and loss behave through it and after.")
    public static final class Spike implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Option(names = "--rooms", defaultValue = "100", description = "Rooms (default: ${DEFAULT-VALUE})") int rooms;
        @Option(names = "--room-size", defaultValue = "10", description = "Members per room (default: ${DEFAULT-VALUE})") int roomSize;
        @Option(names = "--rate", defaultValue = "1000", description = "Base messages per second (default: ${DEFAULT-VALUE})") double rate;
        @Option(names = "--spike-rate", defaultValue = "5000", description = "Messages per second during the spike (default: ${DEFAULT-VALUE})") double spikeRate;
        @Option(names = "--spike-duration", defaultValue = "10s", converter = DurationConverter.class, description = "Length of the spike (default: ${DEFAULT-VALUE})") Duration spikeDuration;
        @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class, description = "Measured time, spike included (default: ${DEFAULT-VALUE})") Duration duration;
        @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class, description = "Warm-up (default: ${DEFAULT-VALUE})") Duration warmup;

        @Override
        public Integer call() {
            return exitCode(Scenarios.spike(common.settings("spike"), new Shape(rooms, roomSize), rate, spikeRate, spikeDuration, warmup, duration, System.out));
        }
    }

    @Command(name = "ramp", mixinStandardHelpOptions = true,
            description = "Steady steps upward on the same connections until p99 exceeds the bound or a delivery is lost; reports the highest rate that held.")
    public static final class Ramp implements Callable<Integer> {
        @Mixin CommonOptions common;
        @Option(names = "--rooms", defaultValue = "100", description = "Rooms (default: ${DEFAULT-VALUE})") int rooms;
        @Option(names = "--room-size", defaultValue = "10", description = "Members per room (default: ${DEFAULT-VALUE})") int roomSize;
        @Option(names = "--from", defaultValue = "1000", description = "First step's rate (default: ${DEFAULT-VALUE})") double from;
        @Option(names = "--to", defaultValue = "20000", description = "Last step's rate (default: ${DEFAULT-VALUE})") double to;
        @Option(names = "--step", defaultValue = "1000", description = "Rate added per step (default: ${DEFAULT-VALUE})") double step;
        @Option(names = "--step-duration", defaultValue = "30s", converter = DurationConverter.class, description = "Length of each step (default: ${DEFAULT-VALUE})") Duration stepDuration;
        @Option(names = "--p99-bound", defaultValue = "100ms", converter = DurationConverter.class, description = "A step holds while its p99 stays within this (default: ${DEFAULT-VALUE})") Duration p99Bound;

        @Override
        public Integer call() {
            BenchReport report = Scenarios.ramp(common.settings("ramp"), new Shape(rooms, roomSize), from, to, step, stepDuration, p99Bound, System.out);
            // A ramp is expected to end in a failing step; it succeeds as a measurement when the report is written.
            return report.phases().isEmpty() ? 1 : 0;
        }
    }
}
