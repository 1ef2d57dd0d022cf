package dev.moim.bench.scenario;

import java.io.PrintStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import dev.moim.bench.load.LoadRun;
import dev.moim.bench.load.PhaseResult;
import dev.moim.bench.load.ReconnectStorm;
import dev.moim.bench.load.RunSettings;
import dev.moim.bench.prepare.Cast;
import dev.moim.bench.prepare.MoimApi;
import dev.moim.bench.prepare.Preparation;
import dev.moim.bench.prepare.Shape;
import dev.moim.bench.report.BenchReport;
import dev.moim.bench.report.ReportWriter;
import dev.moim.bench.report.ServerProbe;
import dev.moim.bench.report.Summary;
import tools.jackson.databind.json.JsonMapper;

/** The frame every scenario runs in: prepare, connect, run its phases, report, close. */
final class BenchSession {

    /** What a scenario's phases produced. */
    record Outcome(List<PhaseResult> phases, String conclusion, ReconnectStorm storm) {
        Outcome(List<PhaseResult> phases, String conclusion) {
            this(phases, conclusion, null);
        }
    }

    private BenchSession() {
    }

    static BenchReport execute(String scenario, RunSettings settings, Shape shape, Map<String, Object> options,
                               PrintStream out, Function<LoadRun, Outcome> phases) {
        String startedAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        JsonMapper json = JsonMapper.builder().build();
        try (HttpClient rest = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
            MoimApi api = new MoimApi(settings.api(), rest, json);
            Preparation preparation = new Preparation(api, settings.stateFile(), json, settings.prepareParallelism(), out);
            Cast cast = preparation.prepare(shape);
            ServerProbe probe = new ServerProbe(settings.serverPids(), () -> api.textOrNull("/actuator/prometheus"));
            try (LoadRun run = new LoadRun(settings, api, json, probe, out)) {
                run.connect(cast);
                Outcome outcome = phases.apply(run);
                Map<Long, String> heap = probe.heapAfterGc();
                BenchReport report = new BenchReport(scenario, startedAt, run.runId(), options, preparation.report(),
                        run.connectionCount(), outcome.phases(), run.connectionStats(), outcome.conclusion(), outcome.storm(), heap);
                Summary.print(report, out);
                ReportWriter.write(report, settings.out(), json);
                out.println("Results: " + settings.out().toAbsolutePath());
                return report;
            }
        }
    }
}
