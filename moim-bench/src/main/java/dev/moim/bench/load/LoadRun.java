package dev.moim.bench.load;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import dev.moim.bench.prepare.Cast;
import dev.moim.bench.prepare.MoimApi;
import dev.moim.bench.report.Latency;
import dev.moim.bench.report.Second;
import dev.moim.bench.report.ServerProbe;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live part of a run: the members' connections, and phases of paced sending over them. Connections stay open
 * across phases, so a ramp climbs on the same sockets.
 */
public final class LoadRun implements AutoCloseable {

    /** Deliveries owed for messages due longer ago than this count as "missing so far" in the progress line. */
    private static final long MISSING_AFTER_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** The sender starts this long after the phase is set up, so the first messages are not born late. */
    private static final long LEAD_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final RunSettings settings;
    private final MoimApi api;
    private final PrintStream out;
    private final JsonMapper json;
    private final ServerProbe probe;
    private final long originNanos = System.nanoTime();
    private final String runId = randomRunId();
    private final ConnectionStats stats = new ConnectionStats();
    private final ExecutorService socketThreads;
    private final HttpClient http;
    private final List<Long> roomIds = new ArrayList<>();
    private final List<List<DeviceConnection>> roomConnections = new ArrayList<>();
    private final List<DeviceConnection> connections = new ArrayList<>();
    /** Connections that subscribed and stopped reading (--stalled): neither senders nor recipients. */
    private final List<DeviceConnection> stalled = new ArrayList<>();
    private Cast cast;
    private List<List<Long>> roomsOfMember;
    private int phases;

    public LoadRun(RunSettings settings, MoimApi api, JsonMapper json, ServerProbe probe, PrintStream out) {
        this.settings = settings;
        this.api = api;
        this.json = json;
        this.probe = probe;
        this.out = out;
        // The receive path of every socket runs here: as many threads as cores, none of them ever blocks.
        this.socketThreads = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                Thread.ofPlatform().daemon().name("socket-", 0).factory());
        this.http = HttpClient.newBuilder().executor(socketThreads).connectTimeout(Duration.ofSeconds(30)).build();
    }

    public String runId() {
        return runId;
    }

    public ConnectionStats.Snapshot connectionStats() {
        return stats.snapshot();
    }

    public int connectionCount() {
        return connections.size();
    }

    /**
     * Opens {@code devices} connections per member at the set rate, spread over the WebSocket URLs, each CONNECTed
     * and subscribed (with receipts) to the personal queue and its member's rooms. Returns when all have settled.
     */
    public void connect(Cast cast) {
        long started = System.nanoTime();
        this.cast = cast;
        this.roomsOfMember = new ArrayList<>();
        cast.members().forEach(member -> roomsOfMember.add(new ArrayList<>()));
        for (Cast.Room room : cast.rooms()) {
            roomIds.add(room.id());
            roomConnections.add(new ArrayList<>());
            room.memberPlaces().forEach(place -> roomsOfMember.get(place).add(room.id()));
        }
        RoomEvents roomEvents = new RoomEvents(json);
        List<CompletableFuture<DeviceConnection>> opening = new ArrayList<>();
        List<Boolean> stalling = new ArrayList<>();
        List<DeviceConnection> devices = new ArrayList<>();
        long intervalNanos = (long) (1e9 / settings.connectRate());
        int n = 0;
        for (int device = 0; device < settings.devices(); device++) {
            for (Cast.Member member : cast.members()) {
                parkUntil(started + n * intervalNanos);
                URI ws = settings.webSockets().get(n % settings.webSockets().size());
                boolean looking = inShare(n, settings.looking());
                stalling.add(inShare(n, settings.stalled()));
                DeviceConnection connection = new DeviceConnection(member.userId(), roomsOfMember.get(member.place()), looking,
                        stats, roomEvents, json);
                devices.add(connection);
                opening.add(connection.open(http, ws, member.accessToken()).orTimeout(60, TimeUnit.SECONDS));
                n++;
            }
        }
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < opening.size(); i++) {
            try {
                opening.get(i).join();
                if (stalling.get(i)) {
                    devices.get(i).stall();
                    stalled.add(devices.get(i));
                } else {
                    connections.add(devices.get(i));
                }
            } catch (RuntimeException e) {
                stats.failedToOpen(rootMessage(e));
                devices.get(i).abort();
                if (failures.size() < 5) {
                    failures.add(rootMessage(e));
                }
            }
        }
        Map<Long, List<DeviceConnection>> connectionsOfUser = new HashMap<>();
        connections.forEach(connection -> connectionsOfUser.computeIfAbsent(connection.userId(), id -> new ArrayList<>()).add(connection));
        for (int r = 0; r < roomIds.size(); r++) {
            for (int place : cast.rooms().get(r).memberPlaces()) {
                roomConnections.get(r).addAll(connectionsOfUser.getOrDefault(cast.members().get(place).userId(), List.of()));
            }
            if (roomConnections.get(r).isEmpty()) {
                throw new IllegalStateException("No connection could join room " + roomIds.get(r) + "; first failures: " + failures);
            }
        }
        out.printf("Connected %d of %d connections in %.1f s%s%s%n", connections.size() + stalled.size(), opening.size(),
                (System.nanoTime() - started) / 1e9, stalled.isEmpty() ? "" : "; " + stalled.size() + " of them stopped reading",
                failures.isEmpty() ? "" : "; failures, e.g. " + failures);
    }

    /**
     * Sends the schedule's messages on time, prints a progress line every second, then drains: waits until every
     * expected delivery has arrived, or until nothing new has arrived for --drain.
     */
    public PhaseResult run(String name, Schedule schedule) {
        String run = runId + "." + (++phases);
        DeliveryLedger ledger = new DeliveryLedger(run, schedule, originNanos);
        connections.forEach(connection -> connection.follow(ledger));
        long start = System.nanoTime() + LEAD_NANOS;
        out.printf("Phase %s: %d messages over %.0f s (%s)%n", name, schedule.messages(), schedule.lengthNanos() / 1e9,
                describe(schedule));

        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("progress").factory());
        Progress progress = new Progress(ledger, schedule, start);
        ScheduledFuture<?> ticks = clock.scheduleAtFixedRate(progress::tick, start + TimeUnit.SECONDS.toNanos(1) - System.nanoTime(),
                TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        AtomicLong windowDeliveriesAtStart = new AtomicLong();
        ScheduledFuture<?> window = clock.schedule(() -> {
            windowDeliveriesAtStart.set(ledger.deliveryCount());
            probe.windowStart();
        }, start + schedule.measuredStartNanos() - System.nanoTime(), TimeUnit.NANOSECONDS);

        ScheduledFuture<?> typing = settings.typingRate() <= 0 ? null : clock.scheduleAtFixedRate(this::sayTyping,
                start - System.nanoTime(), (long) (1e9 / settings.typingRate()), TimeUnit.NANOSECONDS);
        send(ledger, schedule, start);
        parkUntil(start + schedule.lengthNanos());
        if (typing != null) {
            typing.cancel(false);
        }
        long sendingEnded = System.nanoTime();
        awaitQuietly(window);
        long windowDeliveries = ledger.deliveryCount() - windowDeliveriesAtStart.get();
        ServerProbe.Findings server = probe.windowEnd(windowDeliveries);

        boolean drainedFully = drain(ledger, sendingEnded);
        long drainMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sendingEnded);
        ticks.cancel(false);
        clock.shutdown();
        awaitTermination(clock);

        DeliveryLedger.Totals totals = ledger.totals();
        Histogram measured = ledger.takeMeasuredLatency();
        double measuredSeconds = (schedule.lengthNanos() - schedule.measuredStartNanos()) / 1e9;
        return new PhaseResult(name, run, schedule.segments(), totals, Latency.of(measured), measuredSeconds,
                server.windowSeconds() > 0 ? windowDeliveries / server.windowSeconds() : 0, drainMillis, drainedFully,
                progress.seconds(), stats.snapshot(), server);
    }

    /**
     * The reconnect storm: every connection closes; while all are away, {@code perRoom} messages are posted to each
     * room over REST (by its members in turn, {@code --prepare-parallelism} calls in flight); then every device reconnects at
     * the same moment, subscribes to its queue and rooms (receipts), and reads each room's history after the last
     * seq it had, page by page, as a client catching up does. Each client's messages are checked: every seq it missed,
     * once, in order. Afterwards the run has no connections.
     */
    public ReconnectStorm storm(int perRoom) {
        close(connections);
        connections.clear();
        roomConnections.forEach(List::clear);

        Map<Long, long[]> missed = postWhileAway(perRoom, settings.prepareParallelism()); // room id → {after seq, last seq}
        out.printf("Posted %d messages to each of %d rooms while every client was away%n", perRoom, roomIds.size());

        List<Cast.Member> devices = new ArrayList<>();
        for (int device = 0; device < settings.devices(); device++) {
            devices.addAll(cast.members());
        }
        Histogram perClient = new Histogram(TimeUnit.MINUTES.toMicros(10), 3);
        AtomicLong expected = new AtomicLong();
        AtomicLong missing = new AtomicLong();
        AtomicLong read = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        RoomEvents roomEvents = new RoomEvents(json);
        probe.windowStart();
        long start = System.nanoTime();
        int caughtUp = 0;
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Boolean>> done = new ArrayList<>();
            for (int n = 0; n < devices.size(); n++) {
                Cast.Member member = devices.get(n);
                URI ws = settings.webSockets().get(n % settings.webSockets().size());
                done.add(clients.submit(() -> {
                    long began = System.nanoTime();
                    DeviceConnection connection = new DeviceConnection(member.userId(), roomsOfMember.get(member.place()), false,
                            stats, roomEvents, json);
                    try {
                        connection.open(http, ws, member.accessToken()).get(60, TimeUnit.SECONDS);
                        synchronized (connections) {
                            connections.add(connection);
                        }
                        for (long roomId : roomsOfMember.get(member.place())) {
                            long[] range = missed.get(roomId);
                            long owed = range[1] - range[0];
                            expected.addAndGet(owed);
                            long got = catchUp(member.accessToken(), roomId, range[0], range[1]);
                            read.addAndGet(got);
                            missing.addAndGet(owed - got);
                        }
                        synchronized (perClient) {
                            perClient.recordValue(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - began));
                        }
                        return true;
                    } catch (Exception e) {
                        connection.abort();
                        if (failures.size() < 10) {
                            failures.add("user " + member.userId() + ": " + rootMessage(e));
                        }
                        return false;
                    }
                }));
            }
            for (Future<Boolean> client : done) {
                try {
                    if (client.get()) {
                        caughtUp++;
                    }
                } catch (ExecutionException e) {
                    failures.add(rootMessage(e));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        ServerProbe.Findings server = probe.windowEnd(read.get());
        out.printf("Reconnected and caught up %d of %d clients in %.1f s%n", caughtUp, devices.size(), seconds);
        return new ReconnectStorm(devices.size(), caughtUp, devices.size() - caughtUp, expected.get(), missing.get(), seconds,
                Latency.of(perClient), List.copyOf(failures), server);
    }

    /** Posts {@code perRoom} messages to every room; returns each room's seq before them and its last seq. */
    private Map<Long, long[]> postWhileAway(int perRoom, int parallelism) {
        Map<Long, long[]> ranges = new ConcurrentHashMap<>();
        try (ExecutorService posters = Executors.newFixedThreadPool(parallelism)) {
            List<Future<?>> posted = new ArrayList<>();
            for (int r = 0; r < roomIds.size(); r++) {
                long roomId = roomIds.get(r);
                List<Integer> places = cast.rooms().get(r).memberPlaces();
                for (int i = 0; i < perRoom; i++) {
                    Cast.Member sender = cast.members().get(places.get(i % places.size()));
                    String clientMsgId = "storm-" + runId + "-" + roomId + "-" + i;
                    posted.add(posters.submit(() -> {
                        long seq = api.post(sender.accessToken(), roomId, clientMsgId, "storm message " + clientMsgId);
                        ranges.merge(roomId, new long[] {seq - 1, seq},
                                (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
                    }));
                }
            }
            for (Future<?> post : posted) {
                post.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("Posting while the clients were away failed: " + rootMessage(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while posting", e);
        }
        return ranges;
    }

    /**
     * Reads the room's history after {@code afterSeq} page by page until it is complete; returns how many of the
     * seqs up to {@code lastSeq} came back, each once and in order (a gap, a repeat or a wrong order is an error).
     */
    private long catchUp(String accessToken, long roomId, long afterSeq, long lastSeq) {
        long next = afterSeq + 1;
        while (true) {
            JsonNode page = api.messagesAfter(accessToken, roomId, next - 1, 100);
            for (JsonNode message : page.path("messages")) {
                long seq = message.path("seq").asLong();
                if (seq != next) {
                    throw new IllegalStateException("room " + roomId + ": expected seq " + next + ", history gave " + seq);
                }
                next++;
            }
            if (!page.path("hasMore").asBoolean() || page.path("messages").isEmpty()) {
                return Math.min(next - 1, lastSeq) - afterSeq;
            }
        }
    }

    /** One typing signal from a random reading connection, in a random room of its member's. */
    private void sayTyping() {
        int room = ThreadLocalRandom.current().nextInt(roomIds.size());
        List<DeviceConnection> members = roomConnections.get(room);
        DeviceConnection typist = members.get(ThreadLocalRandom.current().nextInt(members.size()));
        typist.typing(roomIds.get(room));
        stats.typingSent();
    }

    private void send(DeliveryLedger ledger, Schedule schedule, long start) {
        long[] nextMember = new long[roomIds.size()];
        int rooms = roomIds.size();
        for (long i = 0; i < schedule.messages(); i++) {
            long due = schedule.dueNanos(i);
            parkUntil(start + due);
            int room = (int) (i % rooms);
            List<DeviceConnection> members = roomConnections.get(room);
            DeviceConnection sender = members.get((int) (nextMember[room]++ % members.size()));
            Marker marker = new Marker(ledger.run(), i, start - originNanos + due);
            ledger.sent(i, members.size());
            sender.send(roomIds.get(room), marker, settings.messageLength());
        }
    }

    private boolean drain(DeliveryLedger ledger, long sendingEnded) {
        long quietNanos = settings.drain().toNanos();
        while (true) {
            if (ledger.outstanding() == 0) {
                return true;
            }
            long lastNews = Math.max(ledger.lastDeliveryNanos(), sendingEnded);
            if (System.nanoTime() - lastNews > quietNanos) {
                return false;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
    }

    @Override
    public void close() {
        close(connections);
        stalled.forEach(DeviceConnection::abort);
        http.shutdownNow();
        socketThreads.shutdownNow();
    }

    private static void close(List<DeviceConnection> open) {
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        open.forEach(connection -> closing.add(connection.close()));
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            open.forEach(DeviceConnection::abort);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            open.forEach(DeviceConnection::abort);
        }
    }

    /** The per-second meter: counts each second's sends, answers and deliveries and prints the progress line. */
    private final class Progress {
        private final DeliveryLedger ledger;
        private final Schedule schedule;
        private final long start;
        private final List<Second> seconds = new ArrayList<>();
        private long second;
        private long sent;
        private long acknowledged;
        private long refused;
        private long delivered;

        Progress(DeliveryLedger ledger, Schedule schedule, long start) {
            this.ledger = ledger;
            this.schedule = schedule;
            this.start = start;
        }

        synchronized void tick() {
            second++;
            long sentNow = ledger.sentCount();
            long acknowledgedNow = ledger.acknowledgedCount();
            long refusedNow = ledger.refusedCount();
            long deliveredNow = ledger.deliveryCount();
            Latency latency = Latency.of(ledger.takeSecondLatency());
            long elapsed = System.nanoTime() - start;
            long missing = ledger.missingDueBefore(elapsed - MISSING_AFTER_NANOS);
            long secondStart = TimeUnit.SECONDS.toNanos(second - 1);
            boolean measured = secondStart >= schedule.measuredStartNanos() && secondStart < schedule.lengthNanos();
            ConnectionStats.Snapshot trouble = stats.snapshot();
            Second point = new Second(second, measured, sentNow - sent, acknowledgedNow - acknowledged, refusedNow - refused,
                    deliveredNow - delivered, latency.p50(), latency.p99(), latency.max(), missing,
                    trouble.connectionErrors() + trouble.errorFrameCount() + trouble.unreadableFrames());
            seconds.add(point);
            sent = sentNow;
            acknowledged = acknowledgedNow;
            refused = refusedNow;
            delivered = deliveredNow;
            out.printf("[%4ds%s] sent %6d/s  acked %6d/s  delivered %7d/s  p99 %8.1f ms  refused %d  missing %d  errors %d%n",
                    second, measured ? "" : secondStart < schedule.measuredStartNanos() ? " warm-up" : " drain",
                    point.sent(), point.acknowledged(), point.delivered(), point.p99(), refusedNow, missing, point.errors());
        }

        synchronized List<Second> seconds() {
            return List.copyOf(seconds);
        }
    }

    private static String describe(Schedule schedule) {
        List<String> parts = new ArrayList<>();
        for (Schedule.Segment segment : schedule.segments()) {
            parts.add(String.format("%s %.0f/s for %d s", segment.name(), segment.rate(), segment.length().toSeconds()));
        }
        return String.join(", ", parts);
    }

    /** Whether connection {@code n} is one of a {@code share} spread evenly: the running share passes a whole number. */
    private static boolean inShare(int n, double share) {
        return Math.floor((n + 1) * share) > Math.floor(n * share);
    }

    private static void parkUntil(long deadlineNanos) {
        long wait;
        while ((wait = deadlineNanos - System.nanoTime()) > 0) {
            LockSupport.parkNanos(wait);
        }
    }

    private static void awaitQuietly(ScheduledFuture<?> task) {
        try {
            task.get();
        } catch (Exception e) {
            // the probe's own failure must not end the run
        }
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    private static String randomRunId() {
        byte[] random = new byte[4];
        new SecureRandom().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
