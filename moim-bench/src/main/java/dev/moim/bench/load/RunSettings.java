package dev.moim.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Where the server is and how to load it, common to every scenario.
 *
 * @param api                 REST base, e.g. {@code http://127.0.0.1:8080}
 * @param webSockets          STOMP endpoints; connections are spread over them round-robin
 * @param stateFile           where prepared users and rooms are kept between runs
 * @param prepareParallelism  REST calls in flight while preparing
 * @param connectRate         connections opened per second
 * @param devices             connections per user
 * @param looking             share of connections (0..1) that have their rooms on screen: subscribed to each room's
 *                            live topic as well, which carries typing and group presence
 * @param stalled             share of connections (0..1) that subscribe and then stop reading: never senders, never
 *                            counted as recipients; the server should disconnect them once their buffer is full
 * @param messageLength       characters of each message's content (at least the marker's own length)
 * @param typingRate          typing signals per second in all, each from a random reading connection to one of its
 *                            rooms, sent through every phase (they reach only the connections that look)
 * @param drain               how long to wait for deliveries once nothing new arrives
 * @param serverPids          server processes whose CPU and heap to report
 * @param out                 the directory for result.json and chart.html
 */
public record RunSettings(URI api, List<URI> webSockets, Path stateFile, int prepareParallelism, double connectRate,
                          int devices, double looking, double stalled, int messageLength, double typingRate, Duration drain, List<Long> serverPids, Path out) {

    public RunSettings {
        webSockets = List.copyOf(webSockets);
        serverPids = List.copyOf(serverPids);
        if (webSockets.isEmpty()) {
            throw new IllegalArgumentException("At least one WebSocket URL is needed");
        }
        if (devices < 1 || devices > 10) {
            throw new IllegalArgumentException("--devices must be 1..10 (Moim allows 10 sessions per user)");
        }
        if (looking < 0 || looking > 1 || stalled < 0 || stalled >= 1) {
            throw new IllegalArgumentException("--looking must be between 0 and 1, --stalled at least 0 and below 1");
        }
        if (typingRate < 0) {
            throw new IllegalArgumentException("--typing-rate must not be negative");
        }
        if (messageLength < 0 || messageLength > 4000) {
            throw new IllegalArgumentException("--message-length must be 0..4000 (Moim's limit)");
        }
        if (connectRate <= 0 || prepareParallelism < 1) {
            throw new IllegalArgumentException("--connect-rate and --prepare-parallelism must be positive");
        }
    }
}
