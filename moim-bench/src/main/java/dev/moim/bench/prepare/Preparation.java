package dev.moim.bench.prepare;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import dev.moim.bench.prepare.MoimApi.ApiException;
import dev.moim.bench.prepare.MoimApi.Session;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Gets the users and rooms of a shape ready, as cheaply as the server allows. A user is revived with its saved
 * refresh token (no password hash on the server), else logged in, else signed up; the rotated refresh token is
 * saved at once, because the old one is spent. Rooms saved for the shape are reused while their creator still
 * sees them with all members, else created anew.
 */
public final class Preparation {

    /** How the users and rooms were obtained, for the run's report. */
    public record Report(long millis, int refreshed, int loggedIn, int signedUp, int roomsReused, int roomsCreated) {
    }

    private static final int BUSY_RETRIES = 20;
    /** Most people put into a room by one request. */
    private static final int INVITE_BATCH = 100;

    private final MoimApi api;
    private final BenchState state;
    private final Path stateFile;
    private final JsonMapper json;
    private final int parallelism;
    private final PrintStream out;

    private final AtomicInteger refreshed = new AtomicInteger();
    private final AtomicInteger loggedIn = new AtomicInteger();
    private final AtomicInteger signedUp = new AtomicInteger();
    private final AtomicInteger roomsReused = new AtomicInteger();
    private final AtomicInteger roomsCreated = new AtomicInteger();
    private Report report;

    public Preparation(MoimApi api, Path stateFile, JsonMapper json, int parallelism, PrintStream out) {
        this.api = api;
        this.stateFile = stateFile;
        this.json = json;
        this.state = BenchState.load(stateFile, json);
        this.parallelism = parallelism;
        this.out = out;
    }

    public Report report() {
        return report;
    }

    public Cast prepare(Shape shape) {
        long started = System.nanoTime();
        state.ensureUsers(shape.users());
        List<Cast.Member> members;
        try {
            members = inParallel("users", shape.users(), this::revive);
        } finally {
            state.save(stateFile, json);
        }
        List<Long> known = state.roomsOf(shape.key());
        List<Cast.Room> rooms = inParallel("rooms", shape.rooms(), r -> room(shape, r, known.size() > r ? known.get(r) : null, members));
        state.putRooms(shape.key(), rooms.stream().map(Cast.Room::id).toList());
        state.save(stateFile, json);
        report = new Report(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), refreshed.get(), loggedIn.get(),
                signedUp.get(), roomsReused.get(), roomsCreated.get());
        out.printf("Prepared %d users (%d refreshed, %d logged in, %d signed up) and %d rooms (%d reused, %d created) in %.1f s%n",
                shape.users(), report.refreshed(), report.loggedIn(), report.signedUp(), shape.rooms(),
                report.roomsReused(), report.roomsCreated(), report.millis() / 1000.0);
        return new Cast(members, rooms);
    }

    private Cast.Member revive(int place) {
        BenchState.User user = state.user(place);
        Session session = null;
        if (user.refreshToken() != null) {
            try {
                session = retryWhileBusy(() -> api.refresh(user.refreshToken()));
                refreshed.incrementAndGet();
            } catch (ApiException e) {
                if (e.status() != 401) {
                    throw e;
                }
            }
        }
        if (session == null && user.id() != 0) {
            try {
                session = retryWhileBusy(() -> api.login(user.email(), user.password()));
                loggedIn.incrementAndGet();
            } catch (ApiException e) {
                if (e.status() != 401) {
                    throw e;
                }
            }
        }
        if (session == null) {
            try {
                retryWhileBusy(() -> api.signup(user.email(), user.password(), "bench " + place));
                signedUp.incrementAndGet();
            } catch (ApiException e) {
                if (!"EMAIL_TAKEN".equals(e.code())) {
                    throw e;
                }
            }
            session = retryWhileBusy(() -> api.login(user.email(), user.password()));
        }
        state.updateUser(place, session.userId(), session.refreshToken());
        return new Cast.Member(place, session.userId(), session.accessToken());
    }

    private Cast.Room room(Shape shape, int r, Long knownId, List<Cast.Member> members) {
        List<Integer> places = new ArrayList<>();
        for (int m = 0; m < shape.roomSize(); m++) {
            places.add(r * shape.roomSize() + m);
        }
        Cast.Member creator = members.get(places.getFirst());
        if (knownId != null) {
            try {
                JsonNode room = api.room(creator.accessToken(), knownId);
                if (room.path("memberCount").asInt(-1) == shape.roomSize()) {
                    roomsReused.incrementAndGet();
                    return new Cast.Room(knownId, places);
                }
            } catch (ApiException e) {
                if (e.status() != 403 && e.status() != 404) {
                    throw e;
                }
            }
        }
        List<Long> others = places.subList(1, places.size()).stream().map(place -> members.get(place).userId()).toList();
        // A large room is created with its first members and the rest are invited in batches, each batch by a
        // different member: one SYSTEM message naming a thousand people is more than the server stores
        // (moim-server answers 500 for it), and member-adds are limited per user.
        List<Long> firstOthers = others.subList(0, Math.min(others.size(), INVITE_BATCH - 1));
        long id = retryWhileBusy(() -> api.createGroup(creator.accessToken(), "bench " + shape.key() + " #" + r, firstOthers));
        int batch = 0;
        for (int from = firstOthers.size(); from < others.size(); from += INVITE_BATCH, batch++) {
            List<Long> invitees = others.subList(from, Math.min(others.size(), from + INVITE_BATCH));
            Cast.Member inviter = members.get(places.get(batch % (1 + firstOthers.size())));
            retryWhileBusy(() -> {
                api.invite(inviter.accessToken(), id, invitees);
                return null;
            });
        }
        roomsCreated.incrementAndGet();
        return new Cast.Room(id, places);
    }

    /** Retries calls the server turned away for now (SERVER_BUSY while hashing is saturated, RATE_LIMITED). */
    private static <T> T retryWhileBusy(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ApiException e) {
                boolean busy = e.status() == 503 || (e.status() == 429 && attempt < 3);
                if (!busy || attempt >= BUSY_RETRIES) {
                    throw e;
                }
                try {
                    Thread.sleep(Math.min(2000, 50L << Math.min(attempt, 6)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** Runs {@code task} for 0..count-1 with --prepare-parallelism calls in flight, saying every 5 s how far it got. */
    private <T> List<T> inParallel(String what, int count, IntFunction<T> task) {
        AtomicInteger done = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(parallelism, count)));
             ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory())) {
            progress.scheduleAtFixedRate(() -> out.printf("Preparing %s: %d of %d%n", what, done.get(), count), 5, 5, TimeUnit.SECONDS);
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int place = i;
                futures.add(pool.submit(() -> {
                    T result = task.apply(place);
                    done.incrementAndGet();
                    return result;
                }));
            }
            List<T> results = new ArrayList<>(count);
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            progress.shutdownNow();
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing", e);
        }
    }
}
