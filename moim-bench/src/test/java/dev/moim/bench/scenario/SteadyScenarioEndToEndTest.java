package dev.moim.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import dev.moim.bench.load.DeliveryLedger;
import dev.moim.bench.load.PhaseResult;
import dev.moim.bench.load.RunSettings;
import dev.moim.bench.prepare.Shape;
import dev.moim.bench.report.BenchReport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small steady run against the real, packaged server: every message sent is acknowledged and reaches every
 * subscriber of its room exactly once, and the report files are written. A second run on the same state file
 * revives the users by refresh token and reuses the rooms.
 */
class SteadyScenarioEndToEndTest {

    @TempDir
    static Path work;

    private static MoimServerJar server;

    @BeforeAll
    static void startServer() throws Exception {
        server = MoimServerJar.start(work, List.of("--moim.auth.signups-per-ip.count=1000"));
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyAcknowledgedMessageReachesEverySubscriberOnceAndTheReportIsWritten() {
        BenchReport first = steady("first");
        BenchReport second = steady("second");

        for (BenchReport report : List.of(first, second)) {
            PhaseResult phase = report.phases().getFirst();
            DeliveryLedger.Totals totals = phase.totals();
            // On failure, say what the connections went through and what the server logged.
            String context = "run " + report.run() + ", connection trouble " + report.connectionTotals().firstReasons()
                    + "\nserver log:\n" + server.logTail();
            assertThat(totals.sent()).as(context).isEqualTo(120);
            assertThat(totals.acknowledged()).as(context).isEqualTo(totals.sent());
            assertThat(totals.refused()).as(context).isZero();
            assertThat(totals.expected()).as(context).isEqualTo(120 * 3);
            assertThat(totals.received()).as(context).isEqualTo(totals.expected());
            assertThat(totals.missing()).as(context).isZero();
            assertThat(totals.duplicates()).as(context).isZero();
            assertThat(totals.gaps()).as(context).isZero();
            assertThat(phase.latency().count()).as(context).isEqualTo(360);
            assertThat(report.connectionTotals().connectionErrors()).as(context).isZero();
            assertThat(report.connectionTotals().errorFrameCount()).as(context).isZero();
            // Half the connections look at their rooms (--looking 0.5): group presence reaches them on the live
            // topic and never comes on a room's own topic.
            assertThat(report.connectionTotals().otherEvents()).as(context).doesNotContainKey("room presence");
        }
        assertThat(first.connectionTotals().otherEvents()).containsKey("live presence");
        // 5 typing signals a second for 3 s: sent, and seen on the live topic only (the typist's own included).
        assertThat(first.connectionTotals().typingSent()).isGreaterThanOrEqualTo(10);
        assertThat(first.connectionTotals().otherEvents()).containsKey("live typing").doesNotContainKey("room typing");
        assertThat(first.connectionTotals().presenceChanges()).isPositive();
        assertThat(work.resolve("first/result.json")).isNotEmptyFile();
        assertThat(work.resolve("first/chart.html")).content().contains("<svg", "polyline").doesNotContain("<script");
        assertThat(first.preparation().signedUp()).isEqualTo(12);
        assertThat(first.preparation().roomsCreated()).isEqualTo(4);
        assertThat(second.preparation().refreshed()).isEqualTo(12);
        assertThat(second.preparation().signedUp()).isZero();
        assertThat(second.preparation().roomsReused()).isEqualTo(4);
        assertThat(second.heapAfterGc()).containsKey(server.pid());
    }

    @Test
    void stalledConnectionsAreNeitherSendersNorCountedRecipients() {
        // A quarter of 12 connections stall: every fourth (the last member of rooms 2, 3 and 4), so the first room
        // keeps its 3 readers and the others 2.
        RunSettings settings = settings("stalled-state.json", "stalled", 0, 0.25, 300, 0);
        BenchReport report = shown(out ->
                Scenarios.steady("steady", settings, new Shape(4, 3), 40, Duration.ZERO, Duration.ofSeconds(3), out));
        DeliveryLedger.Totals totals = report.phases().getFirst().totals();
        String context = "connection trouble " + report.connectionTotals().firstReasons() + "\nserver log:\n" + server.logTail();
        assertThat(report.connections()).as(context).isEqualTo(9);
        assertThat(totals.sent()).as(context).isEqualTo(120);
        assertThat(totals.acknowledged()).as(context).isEqualTo(120);
        // Every message is owed to the readers of its room only; the 120 messages go to the 4 rooms in turn.
        assertThat(totals.expected()).as(context).isEqualTo(30 * 3 + 90 * 2);
        assertThat(totals.received()).as(context).isEqualTo(totals.expected());
        assertThat(totals.missing()).as(context).isZero();
        assertThat(report.connectionTotals().connectionErrors()).as(context).isZero();
    }

    @Test
    void aReconnectStormCatchesEveryClientUpWithWhatWasPostedWhileItWasAway() {
        RunSettings settings = settings("storm-state.json", "storm", 0, 0, 0, 0);
        BenchReport report = shown(out ->
                Scenarios.storm(settings, new Shape(3, 4), 7, 20, Duration.ofSeconds(1), Duration.ofSeconds(60), out));
        String context = "storm failures " + report.storm().firstFailures() + "\nserver log:\n" + server.logTail();
        assertThat(report.storm().clients()).as(context).isEqualTo(12);
        assertThat(report.storm().caughtUp()).as(context).isEqualTo(12);
        assertThat(report.storm().failed()).as(context).isZero();
        // Each of the 12 clients is owed the 7 messages posted to its one room while it was away, and read them all.
        assertThat(report.storm().expected()).as(context).isEqualTo(12 * 7);
        assertThat(report.storm().missing()).as(context).isZero();
        assertThat(report.storm().perClient().count()).as(context).isEqualTo(12);
        assertThat(report.conclusion()).contains("12 of 12 clients", "held");
        assertThat(work.resolve("storm/result.json")).content().contains("\"storm\"", "\"caughtUp\" : 12");
    }

    private BenchReport steady(String name) {
        RunSettings settings = settings("state.json", name, 0.5, 0, 0, 5);
        return shown(out -> Scenarios.steady("steady", settings, new Shape(4, 3), 40, Duration.ZERO, Duration.ofSeconds(3), out));
    }

    /** Settings against the test's server: 4 REST calls in flight, 200 connections a second, one device per user. */
    private RunSettings settings(String stateFile, String out, double looking, double stalled, int messageLength,
                                 double typingRate) {
        URI api = URI.create("http://127.0.0.1:" + server.port());
        return new RunSettings(api, List.of(URI.create("ws://127.0.0.1:" + server.port() + "/ws")), work.resolve(stateFile),
                4, 200, 1, looking, stalled, messageLength, typingRate, Duration.ofSeconds(10), List.of(server.pid()),
                work.resolve(out));
    }

    /** Runs a scenario, then shows what it printed in the test's output, even when it failed. */
    private static BenchReport shown(Function<PrintStream, BenchReport> scenario) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(console, true, StandardCharsets.UTF_8)) {
            return scenario.apply(out);
        } finally {
            System.out.print(console.toString(StandardCharsets.UTF_8));
        }
    }
}
