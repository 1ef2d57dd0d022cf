package dev.moim.bench.scenario;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import dev.moim.bench.load.RunSettings;
import picocli.CommandLine.Option;

/** Options every scenario takes: where the server is, how to prepare and connect, where to write. */
public final class CommonOptions {

    @Option(names = "--api", defaultValue = "http://127.0.0.1:8080", description = "REST base URL (default: ${DEFAULT-VALUE})")
    URI api;

    @Option(names = "--ws", split = ",", description = "STOMP WebSocket URL(s), comma-separated; connections are spread over them round-robin (default: the --api host's /ws)")
    List<URI> webSockets = new ArrayList<>();

    @Option(names = "--state", description = "State file with prepared users and rooms (default: ~/.moim-bench/<host>_<port>.json)")
    Path state;

    @Option(names = "--prepare-parallelism", defaultValue = "16", description = "REST calls in flight while preparing (default: ${DEFAULT-VALUE})")
    int prepareParallelism;

    @Option(names = "--connect-rate", defaultValue = "200", description = "Connections opened per second (default: ${DEFAULT-VALUE})")
    double connectRate;

    @Option(names = "--devices", defaultValue = "1", description = "Connections per user, 1..10 (default: ${DEFAULT-VALUE})")
    int devices;

    @Option(names = "--looking", defaultValue = "0", description = "Share of connections (0..1) with their rooms on screen: "
            + "also subscribed to each room's live topic (typing, group presence), as a client showing the room is (default: ${DEFAULT-VALUE})")
    double looking;

    @Option(names = "--stalled", defaultValue = "0", description = "Share of connections (0..1) that subscribe and then "
            + "stop reading, as a frozen client does; they neither send nor count as recipients (default: ${DEFAULT-VALUE})")
    double stalled;

    @Option(names = "--message-length", defaultValue = "0", description = "Characters of each message's content, "
            + "filled up after the bench's marker; 0: the marker alone, about 40 (default: ${DEFAULT-VALUE})")
    int messageLength;

    @Option(names = "--typing-rate", defaultValue = "0", description = "Typing signals per second in all, from random "
            + "members, during every phase; they reach only connections that look (--looking) (default: ${DEFAULT-VALUE})")
    double typingRate;

    @Option(names = "--drain", defaultValue = "10s", converter = DurationConverter.class,
            description = "After sending, wait for missing deliveries until none arrives for this long (default: ${DEFAULT-VALUE})")
    Duration drain;

    @Option(names = "--out", description = "Directory for result.json and chart.html (default: moim-bench/results/<scenario>-<timestamp>/)")
    Path out;

    @Option(names = "--server-pid", description = "A server process to measure (CPU from /proc, heap via jcmd); repeatable")
    List<Long> serverPids = new ArrayList<>();

    RunSettings settings(String scenario) {
        List<URI> ws = webSockets.isEmpty()
                ? List.of(URI.create((api.getScheme().equals("https") ? "wss" : "ws") + "://" + api.getRawAuthority() + "/ws"))
                : webSockets;
        Path stateFile = state != null ? state : defaultStateFile(api);
        Path results = out != null ? out : Path.of("moim-bench", "results",
                scenario + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        return new RunSettings(api, ws, stateFile, prepareParallelism, connectRate, devices, looking, stalled, messageLength, typingRate, drain, serverPids, results);
    }

    /** One state file per server: {@code ~/.moim-bench/<host>_<port>.json}. */
    public static Path defaultStateFile(URI api) {
        int port = api.getPort() != -1 ? api.getPort() : api.getScheme().equals("https") ? 443 : 80;
        return Path.of(System.getProperty("user.home"), ".moim-bench", api.getHost() + "_" + port + ".json");
    }
}
