package dev.moim.bench.report;

import java.util.List;
import java.util.Map;

import dev.moim.bench.load.ConnectionStats;
import dev.moim.bench.load.PhaseResult;
import dev.moim.bench.load.ReconnectStorm;
import dev.moim.bench.prepare.Preparation;

/**
 * Everything a run found, as written to result.json.
 *
 * @param options     the scenario's options as given (after defaults)
 * @param conclusion  a scenario's one-line verdict (e.g. the highest rate a ramp held), or null
 * @param storm       what the reconnect storm found, or null for other scenarios
 * @param heapAfterGc per server pid, the heap after a full GC at the end (null where jcmd could not tell)
 */
public record BenchReport(String scenario, String startedAt, String run, Map<String, Object> options,
                          Preparation.Report preparation, int connections, List<PhaseResult> phases,
                          ConnectionStats.Snapshot connectionTotals, String conclusion, ReconnectStorm storm,
                          Map<Long, String> heapAfterGc) {
}
