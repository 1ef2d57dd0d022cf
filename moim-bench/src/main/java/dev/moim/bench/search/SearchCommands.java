package dev.moim.bench.search;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import dev.moim.bench.prepare.Cast;
import dev.moim.bench.prepare.MoimApi;
import dev.moim.bench.prepare.Preparation;
import dev.moim.bench.prepare.Shape;
import dev.moim.bench.report.Latency;
import dev.moim.bench.scenario.CommonOptions;
import dev.moim.bench.scenario.DurationConverter;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The search benchmark (issue 9): a corpus of Korean and mixed chat lines written straight into the database, the
 * index's catch-up over it, searchers over REST, and the same queries as SQL LIKE for comparison.
 * docs/bench/run-search.sh runs the whole sequence.
 */
public final class SearchCommands {

    private SearchCommands() {
    }

    /** Users and rooms for search: each user in many rooms, so that "all my rooms" means something. */
    static final class Cohort {
        final Cast cast;
        final Map<Long, List<Long>> roomsByUser;
        final List<Long> rooms;

        Cohort(Cast cast, Map<Long, List<Long>> roomsByUser, List<Long> rooms) {
            this.cast = cast;
            this.roomsByUser = roomsByUser;
            this.rooms = rooms;
        }
    }

    static Map<Long, List<Long>> readMembership(Path file) {
        Map<Long, List<Long>> rooms = new HashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split(",");
                rooms.computeIfAbsent(Long.parseLong(f[0]), u -> new ArrayList<>()).add(Long.parseLong(f[1]));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rooms;
    }

    @Command(name = "search-corpus", mixinStandardHelpOptions = true,
            description = "Prepares users, creates rooms of random members, and writes a CSV corpus of chat lines for them "
                    + "(loaded into the database by docs/bench/run-search.sh).")
    public static final class MakeCorpus implements Callable<Integer> {
        @Option(names = "--api", defaultValue = "http://127.0.0.1:8080") URI apiBase;
        @Option(names = "--state", required = true) Path state;
        @Option(names = "--users", defaultValue = "200") int users;
        @Option(names = "--rooms", defaultValue = "500") int rooms;
        @Option(names = "--room-size", defaultValue = "10") int roomSize;
        @Option(names = "--messages", defaultValue = "1000000") int messages;
        @Option(names = "--days", defaultValue = "30", description = "Spread the corpus over this many days up to now") int days;
        @Option(names = "--seed", defaultValue = "42") long seed;
        @Option(names = "--out", required = true, description = "Directory for corpus.csv and membership.csv") Path out;

        @Override
        public Integer call() throws IOException {
            JsonMapper json = JsonMapper.builder().build();
            Files.createDirectories(out);
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
                MoimApi api = new MoimApi(apiBase, http, json);
                Cast cast = new Preparation(api, state, json, 16, System.out).prepare(new Shape(users / 10, 10));
                SplittableRandom random = new SplittableRandom(seed);
                List<long[]> membership = new ArrayList<>();
                Map<Long, List<Long>> membersByRoom = new HashMap<>();
                Map<Long, Long> lastSeq = new HashMap<>();
                for (int r = 0; r < rooms; r++) {
                    List<Cast.Member> members = new ArrayList<>();
                    while (members.size() < roomSize) {
                        Cast.Member m = cast.members().get(random.nextInt(cast.members().size()));
                        if (!members.contains(m)) {
                            members.add(m);
                        }
                    }
                    long roomId = api.createGroup(members.getFirst().accessToken(), "검색 벤치 " + r,
                            members.subList(1, members.size()).stream().map(Cast.Member::userId).toList());
                    lastSeq.put(roomId, api.room(members.getFirst().accessToken(), roomId).path("lastSeq").asLong());
                    membersByRoom.put(roomId, members.stream().map(Cast.Member::userId).toList());
                    members.forEach(m -> membership.add(new long[]{m.userId(), roomId}));
                }
                Files.write(out.resolve("membership.csv"), membership.stream().map(m -> m[0] + "," + m[1]).toList());
                List<Long> roomIds = new ArrayList<>(membersByRoom.keySet());
                Corpus corpus = new Corpus(seed);
                Instant start = Instant.now().minus(Duration.ofDays(days));
                long step = Duration.ofDays(days).toMillis() / messages;
                try (BufferedWriter csv = Files.newBufferedWriter(out.resolve("corpus.csv"))) {
                    csv.write("ID,ROOM_ID,SEQ,SENDER_ID,CLIENT_MSG_ID,TYPE,CONTENT,CREATED_AT\n");
                    for (int i = 0; i < messages; i++) {
                        long roomId = roomIds.get(random.nextInt(roomIds.size()));
                        List<Long> members = membersByRoom.get(roomId);
                        long sender = members.get(random.nextInt(members.size()));
                        long seq = lastSeq.merge(roomId, 1L, Long::sum);
                        String content = corpus.next().replace("\"", "\"\"");
                        csv.write(UUID.randomUUID() + "," + roomId + "," + seq + "," + sender + ",corpus-" + i + ",TEXT,\""
                                + content + "\"," + start.plusMillis(step * i) + "\n");
                    }
                }
                System.out.printf("Wrote %d messages into %d rooms (%d users) to %s%n", messages, rooms, cast.members().size(), out);
            }
            return 0;
        }
    }

    /** Shared by the two load commands: who searches for what, where. */
    static final class Picker {
        private final List<String> queries = Corpus.queries();
        private final List<Long> users;
        private final Map<Long, List<Long>> rooms;

        Picker(Map<Long, List<Long>> rooms) {
            this.rooms = rooms;
            this.users = new ArrayList<>(rooms.keySet());
        }

        record Search(long userId, Long roomId, String query, boolean relevance) {
        }

        Search next(SplittableRandom random) {
            long user = users.get(random.nextInt(users.size()));
            List<Long> mine = rooms.get(user);
            Long room = random.nextBoolean() ? mine.get(random.nextInt(mine.size())) : null;
            return new Search(user, room, queries.get(random.nextInt(queries.size())), random.nextInt(5) == 0);
        }
    }

    /** Runs {@code searchers} loops for warm-up plus duration and prints the measured part's latency. */
    static void run(String what, int searchers, Duration warmup, Duration duration, SearchCall call) throws InterruptedException {
        run(what, searchers, 0, warmup, duration, call);
    }

    /**
     * {@code rate} 0: each searcher searches again as soon as it has its answer (closed loop, the most the machine
     * takes). Above 0: the searchers together start {@code rate} searches a second on a fixed schedule, and latency
     * counts from when a search was due, so a slow answer also counts against the searches it held up.
     */
    static void run(String what, int searchers, double rate, Duration warmup, Duration duration, SearchCall call)
            throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong hits = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<String, AtomicLong> failures = new ConcurrentHashMap<>();
        long measureFrom = System.nanoTime() + warmup.toNanos();
        long end = measureFrom + duration.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < searchers; s++) {
            long seed = 1000 + s;
            long interval = rate > 0 ? (long) (1e9 * searchers / rate) : 0;
            long first = System.nanoTime() + (interval * s) / searchers;
            threads.add(Thread.ofPlatform().name("searcher-" + s).start(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                long due = first;
                while (System.nanoTime() < end) {
                    if (interval > 0) {
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(wait);
                        }
                    }
                    long started = interval > 0 ? due : System.nanoTime();
                    due += interval;
                    try {
                        int found = call.search(random);
                        if (started >= measureFrom) {
                            recorder.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
                            hits.addAndGet(found);
                        }
                    } catch (RuntimeException e) {
                        if (started >= measureFrom) {
                            failed.incrementAndGet();
                            failures.computeIfAbsent(e.getMessage() == null ? e.toString() : e.getMessage(), k -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        Histogram h = recorder.getIntervalHistogram();
        Latency l = Latency.of(h);
        System.out.printf("%s: %d searchers%s, %d searches in %d s (%.0f/s), %d failed, %.1f hits per search%n", what, searchers,
                rate > 0 ? String.format(" at %.0f/s in all", rate) : " as fast as answered",
                l.count(), duration.toSeconds(), l.count() / (double) duration.toSeconds(), failed.get(),
                l.count() == 0 ? 0.0 : hits.get() / (double) l.count());
        System.out.printf("latency (ms): p50 %.2f  p90 %.2f  p95 %.2f  p99 %.2f  max %.2f%n", l.p50(), l.p90(),
                h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(95) / 1000.0, l.p99(), l.max());
        failures.forEach((reason, count) -> System.out.printf("  failed %d: %s%n", count.get(), reason));
    }

    interface SearchCall {
        /** One search; returns the hits it found. */
        int search(SplittableRandom random);
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = "Searchers over REST against the corpus: half in one of the searcher's rooms, half in all of them.")
    public static final class Search implements Callable<Integer> {
        @Option(names = "--api", defaultValue = "http://127.0.0.1:8080") URI apiBase;
        @Option(names = "--state", required = true) Path state;
        @Option(names = "--users", defaultValue = "200") int users;
        @Option(names = "--corpus-dir", required = true) Path corpusDir;
        @Option(names = "--searchers", defaultValue = "20") int searchers;
        @Option(names = "--duration", defaultValue = "60s", converter = DurationConverter.class) Duration duration;
        @Option(names = "--warmup", defaultValue = "10s", converter = DurationConverter.class) Duration warmup;
        @Option(names = "--rate", defaultValue = "0", description = "Searches per second in all; 0: each searcher as fast as answered") double rate;

        @Override
        public Integer call() throws InterruptedException {
            JsonMapper json = JsonMapper.builder().build();
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()) {
                MoimApi api = new MoimApi(apiBase, http, json);
                Cast cast = new Preparation(api, state, json, 16, System.out).prepare(new Shape(users / 10, 10));
                Map<Long, String> tokens = cast.members().stream().collect(Collectors.toMap(Cast.Member::userId, Cast.Member::accessToken));
                Picker picker = new Picker(readMembership(corpusDir.resolve("membership.csv")));
                run("REST search", searchers, rate, warmup, duration, random -> {
                    Picker.Search s = picker.next(random);
                    String q = "q=" + URLEncoder.encode(s.query(), StandardCharsets.UTF_8) + "&limit=20"
                            + (s.relevance() ? "&sort=relevance" : "");
                    JsonNode page = api.get(tokens.get(s.userId()), s.roomId() == null
                            ? "/api/v1/search/messages?" + q : "/api/v1/rooms/" + s.roomId() + "/messages/search?" + q);
                    return page.path("hits").size();
                });
            }
            return 0;
        }
    }

    @Command(name = "search-like", mixinStandardHelpOptions = true,
            description = "The same searches as SQL LIKE '%word%' straight on a database holding the corpus (H2 or PostgreSQL).")
    public static final class Like implements Callable<Integer> {
        @Option(names = "--jdbc", required = true) String url;
        @Option(names = "--jdbc-user", defaultValue = "") String user;
        @Option(names = "--jdbc-password", defaultValue = "") String password;
        @Option(names = "--table", defaultValue = "messages") String table;
        @Option(names = "--corpus-dir", required = true) Path corpusDir;
        @Option(names = "--searchers", defaultValue = "20") int searchers;
        @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class) Duration duration;
        @Option(names = "--warmup", defaultValue = "5s", converter = DurationConverter.class) Duration warmup;

        @Override
        public Integer call() throws Exception {
            Picker picker = new Picker(readMembership(corpusDir.resolve("membership.csv")));
            ThreadLocal<Connection> connections = ThreadLocal.withInitial(() -> {
                try {
                    return DriverManager.getConnection(url, user, password);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            run("SQL LIKE on " + url.replaceAll(";.*", ""), searchers, warmup, duration, random -> {
                Picker.Search s = picker.next(random);
                List<String> words = List.of(s.query().trim().split("\\s+"));
                StringBuilder sql = new StringBuilder("SELECT room_id, seq, content FROM " + table + " WHERE ");
                List<Long> rooms = s.roomId() == null ? picker.rooms.get(s.userId()) : List.of(s.roomId());
                sql.append("room_id IN (").append(rooms.stream().map(r -> "?").collect(Collectors.joining(","))).append(")");
                words.forEach(w -> sql.append(" AND LOWER(content) LIKE ?"));
                sql.append(" AND deleted_at IS NULL ORDER BY created_at DESC LIMIT 20");
                try (PreparedStatement ps = connections.get().prepareStatement(sql.toString())) {
                    int i = 1;
                    for (long r : rooms) {
                        ps.setLong(i++, r);
                    }
                    for (String w : words) {
                        ps.setString(i++, "%" + w.toLowerCase().replace("%", "").replace("_", "") + "%");
                    }
                    int found = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found++;
                        }
                    }
                    return found;
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            return 0;
        }
    }
}
