package dev.moim.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.MoimServerProcess;
import dev.moim.support.SendLoad;
import dev.moim.view.Sender;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * What acknowledging only durable messages costs (issue 6): acknowledged sends per second, and receipt latency,
 * on H2 with WRITE_DELAY=0 (the default), on H2 with H2's own default of 500 ms (not durable), and on PostgreSQL.
 * The server runs in its own JVM; STOMP senders share one room, without subscribing to it, so the figures are
 * about the write path. Prints its figures; asserts nothing. A stand-in until the load tool (moim-bench) exists.
 *
 * <pre>./mvnw -B -q -pl moim-server test-compile exec:exec@durability-cost</pre>
 * (main arguments {@code h2}, {@code h2-delay}, {@code postgresql} pick stores; none: all three). The H2 file's
 * growth under a steady load: main arguments {@code soak <seconds> h2 h2-no-compaction h2-delay}.
 */
public final class DurabilityCost {

    private record Shape(String name, int senders, int window) {
    }

    private static final List<Shape> SHAPES = List.of(
            new Shape("1 sender, waits for each receipt", 1, 1),
            new Shape("8 senders, each waits for its receipt", 8, 1),
            new Shape("8 senders, 64 sends in flight each", 8, 64));

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("soak")) {
            soak(Duration.ofSeconds(Long.parseLong(args[1])), List.of(args).subList(2, args.length));
            return;
        }
        Duration warmup = Duration.ofSeconds(3);
        Duration measured = Duration.ofSeconds(10);
        Path root = Path.of("target", "bench", "durability-" + Instant.now().getEpochSecond()).toAbsolutePath();
        System.out.printf("Durability cost: %d s warm-up, %d s measured per shape; %d cores; %s%n",
                warmup.toSeconds(), measured.toSeconds(), Runtime.getRuntime().availableProcessors(), loadAverage());

        List<String> stores = args.length == 0 ? List.of("h2", "h2-delay", "postgresql") : List.of(args);
        List<String> rows = new ArrayList<>();
        Path h2 = root.resolve("h2-durable");
        if (stores.contains("h2")) {
            rows.addAll(run("H2, WRITE_DELAY=0 (default)", h2, List.of(), warmup, measured));
        }
        Path h2Delayed = root.resolve("h2-delay");
        if (stores.contains("h2-delay")) {
            rows.addAll(run("H2, WRITE_DELAY=500 (not durable)", h2Delayed, List.of(
                    "--spring.datasource.url=jdbc:h2:file:" + h2Delayed + "/moim;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=500",
                    "--moim.store.allow-write-delay=true"), warmup, measured));
        }
        if (stores.contains("postgresql")) {
            try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setServerConfig("synchronous_commit", "on").start()) {
                rows.addAll(run("PostgreSQL " + postgresVersion(postgres) + ", synchronous_commit=on", root.resolve("pg"),
                        List.of("--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                                "--spring.datasource.username=postgres", "--spring.datasource.password="),
                        warmup, measured));
            }
        }

        System.out.println();
        System.out.println("| store | load | acknowledged/s | receipt p50 | receipt p99 |");
        System.out.println("| --- | --- | ---: | ---: | ---: |");
        rows.forEach(System.out::println);
        System.out.printf("%nH2 file after the runs: WRITE_DELAY=0 %s, WRITE_DELAY=500 %s; %s%n",
                size(h2.resolve("moim.mv.db")), size(h2Delayed.resolve("moim.mv.db")), loadAverage());
    }

    private static List<String> run(String store, Path data, List<String> storeArguments, Duration warmup,
                                     Duration measured) throws InterruptedException {
        List<String> arguments = new ArrayList<>(storeArguments);
        arguments.add("--moim.messages.send-rate-per-second=1000000");
        arguments.add("--moim.messages.send-burst=1000000");
        // Further server arguments for an experiment, e.g. -Dbench.server-args=--moim.store.h2-compaction-interval=0
        String extra = System.getProperty("bench.server-args", "");
        if (!extra.isBlank()) {
            arguments.addAll(List.of(extra.trim().split("\\s+")));
        }
        List<String> rows = new ArrayList<>();
        try (MoimServerProcess server = MoimServerProcess.start(data, List.of("-Xmx1g"), arguments)) {
            Api api = server.api();
            Api.User owner = api.newUser("Owner");
            List<Api.User> senders = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                senders.add(api.newUser("Sender" + i));
            }
            long roomId = api.group(owner, "Bench " + UUID.randomUUID(), senders.toArray(Api.User[]::new));
            for (Shape shape : SHAPES) {
                SendLoad load = SendLoad.start(server.port(), roomId, senders.subList(0, shape.senders()), shape.window(),
                        List.of());
                Thread.sleep(warmup);
                long from = System.nanoTime();
                Thread.sleep(measured);
                long to = System.nanoTime();
                load.stop();
                List<Long> latencies = load.ackOrder().stream()
                        .filter(ack -> ack.ackedAtNanos() >= from && ack.ackedAtNanos() < to)
                        .map(SendLoad.Ack::latencyNanos).sorted().toList();
                double perSecond = latencies.size() / ((to - from) / 1e9);
                String row = String.format(Locale.ROOT, "| %s | %s | %,.0f | %s | %s |", store, shape.name(), perSecond,
                        ms(percentile(latencies, 0.50)), ms(percentile(latencies, 0.99)));
                System.out.println(row + (load.refused() > 0 ? "  refused: " + load.refusalCodes() : ""));
                rows.add(row);
            }
        }
        return rows;
    }

    /**
     * How the H2 file grows under a steady load: 8 senders that each wait for their receipt, for {@code length},
     * with the file's size every 30 s. Stores: {@code h2} (the default), {@code h2-no-compaction},
     * {@code h2-delay} (WRITE_DELAY=500, not durable).
     */
    private static void soak(Duration length, List<String> stores) throws Exception {
        Path root = Path.of("target", "bench", "soak-" + Instant.now().getEpochSecond()).toAbsolutePath();
        for (String store : stores) {
            Path data = root.resolve(store);
            List<String> arguments = new ArrayList<>(List.of("--moim.messages.send-rate-per-second=1000000",
                    "--moim.messages.send-burst=1000000"));
            switch (store) {
                case "h2" -> { }
                case "h2-no-compaction" -> arguments.add("--moim.store.h2-compaction-interval=0");
                case "h2-delay" -> arguments.addAll(List.of(
                        "--spring.datasource.url=jdbc:h2:file:" + data + "/moim;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=500",
                        "--moim.store.allow-write-delay=true"));
                default -> throw new IllegalArgumentException("Unknown store " + store);
            }
            try (MoimServerProcess server = MoimServerProcess.start(data, List.of("-Xmx1g"), arguments)) {
                Api api = server.api();
                Api.User owner = api.newUser("Owner");
                List<Api.User> senders = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    senders.add(api.newUser("Sender" + i));
                }
                long roomId = api.group(owner, "Soak", senders.toArray(Api.User[]::new));
                SendLoad load = SendLoad.start(server.port(), roomId, senders, 1, List.of());
                long start = System.nanoTime();
                for (long elapsed = 0; elapsed < length.toSeconds(); ) {
                    Thread.sleep(Duration.ofSeconds(Math.min(30, length.toSeconds() - elapsed)));
                    elapsed = (System.nanoTime() - start) / 1_000_000_000L;
                    System.out.printf(Locale.ROOT, "soak %s t=%ds acknowledged=%d file=%s%n", store, elapsed,
                            load.acknowledged(), size(data.resolve("moim.mv.db")));
                }
                load.stop();
            }
        }
        System.out.println(loadAverage());
    }

    private static long percentile(List<Long> sorted, double p) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(p * sorted.size())));
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.1f ms", nanos / 1e6);
    }

    private static String size(Path file) throws IOException {
        return Files.exists(file) ? String.format(Locale.ROOT, "%.1f MB", Files.size(file) / 1e6) : "(none)";
    }

    private static String loadAverage() throws IOException {
        Path loadavg = Path.of("/proc/loadavg");
        return Files.exists(loadavg) ? "load average " + Files.readString(loadavg).trim() : "";
    }

    private static String postgresVersion(EmbeddedPostgres postgres) throws Exception {
        try (var connection = postgres.getPostgresDatabase().getConnection();
             var rows = connection.createStatement().executeQuery("SHOW server_version")) {
            rows.next();
            return rows.getString(1);
        }
    }
}
