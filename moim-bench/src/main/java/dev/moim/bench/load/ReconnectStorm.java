package dev.moim.bench.load;

import java.util.List;

import dev.moim.bench.report.Latency;
import dev.moim.bench.report.ServerProbe;

/**
 * What a reconnect storm found: every member's devices reconnected at the same moment and caught up by
 * {@code afterSeq} with the messages posted while they were away.
 *
 * @param clients        connections that tried to come back
 * @param caughtUp       those that reconnected, subscribed and read every message they missed
 * @param failed         those that could not connect, subscribe or read their history
 * @param expected       messages owed in all (each client, each of its rooms' new messages)
 * @param missing        owed messages no history page returned
 * @param secondsToAll   from the storm's start until the last client was done
 * @param perClient      each client's time from its reconnect to its last page, in ms
 * @param firstFailures  the first few failures, as text
 */
public record ReconnectStorm(int clients, int caughtUp, int failed, long expected, long missing, double secondsToAll,
                             Latency perClient, List<String> firstFailures, ServerProbe.Findings server) {
}
