package dev.moim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

import dev.moim.support.Api;
import dev.moim.support.MoimServerProcess;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The search index follows the database durably: after a kill -9 the indexer goes on from the positions it saved
 * (nothing is indexed twice, nothing is missed), a lost index directory is rebuilt from the database by itself,
 * and the operator's rebuild empties the index and fills it again, showing its progress.
 */
class SearchRecoveryTest {

    private static final int MESSAGES = 120;
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void indexingResumesAfterAKillAndRebuildsALostIndex() throws IOException {
        Path data = Path.of("target", "test-data", "search-recovery-" + UUID.randomUUID()).toAbsolutePath();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        List<String> args = List.of("--moim.auth.jwt-secret=" + Base64.getEncoder().encodeToString(key),
                "--moim.messages.send-burst=1000", "--moim.messages.send-rate-per-second=1000",
                // The test polls the search until the index has caught up, however long that takes here.
                "--moim.search.searches-per-user.count=1000000");
        List<String> jvm = List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");

        Api.User owner;
        long room;
        String firstIndex;
        try (MoimServerProcess server = MoimServerProcess.start(data, jvm, args)) {
            Api api = server.api();
            owner = api.newUser("소유자");
            room = api.group(owner, "복구");
            for (int i = 0; i < MESSAGES; i++) {
                assertThat(api.sendRest(owner, room, "m" + i, "복구 시험 메시지 " + i).status()).isEqualTo(201);
            }
            awaitFound(api, owner, room, MESSAGES);
            firstIndex = status(api).path("indexId").asString();
            assertThat(status(api).path("messagesBehind").asLong()).isZero();
            server.kill();
        }

        // Restarted: the saved positions say everything is in; nothing is put again, and new messages follow.
        try (MoimServerProcess server = MoimServerProcess.start(data, jvm, args)) {
            Api api = server.api();
            await().atMost(WAIT).until(() -> status(api).path("phase").asString().equals("following"));
            assertThat(status(api).path("indexId").asString()).isEqualTo(firstIndex);
            assertThat(status(api).path("indexedSinceStart").asLong()).isZero();
            assertThat(found(api, owner, room)).isEqualTo(MESSAGES);
            for (int i = 0; i < 10; i++) {
                assertThat(api.sendRest(owner, room, "n" + i, "복구 시험 이후 " + i).status()).isEqualTo(201);
            }
            awaitFound(api, owner, room, MESSAGES + 10);
            assertThat(status(api).path("indexedSinceStart").asLong()).isEqualTo(10);
            server.kill();
        }

        // The index directory is lost: a new, empty index is filled from the database by itself.
        try (Stream<Path> files = Files.walk(data.resolve("search"))) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        try (MoimServerProcess server = MoimServerProcess.start(data, jvm, args)) {
            Api api = server.api();
            awaitFound(api, owner, room, MESSAGES + 10);
            JsonNode status = status(api);
            assertThat(status.path("indexId").asString()).isNotEqualTo(firstIndex);
            assertThat(status.path("messagesIndexed").asLong()).isEqualTo(MESSAGES + 10);

            // The operator's rebuild: a new index, filled again; GET shows the progress until nothing is behind.
            Api.Response rebuild = api.post("/actuator/search", null, null);
            assertThat(rebuild.status()).as(rebuild.toString()).isEqualTo(200);
            String before = status.path("indexId").asString();
            await().atMost(WAIT).until(() -> {
                JsonNode now = status(api);
                return !now.path("indexId").asString().equals(before) && now.path("messagesBehind").asLong() == 0
                        && now.path("messagesIndexed").asLong() == MESSAGES + 10;
            });
            assertThat(found(api, owner, room)).isEqualTo(MESSAGES + 10);
        }
    }

    private static JsonNode status(Api api) {
        Api.Response status = api.get("/actuator/search", null);
        assertThat(status.status()).as(status.toString()).isEqualTo(200);
        return status.body();
    }

    private static void awaitFound(Api api, Api.User user, long room, int expected) {
        await().atMost(WAIT).until(() -> found(api, user, room) == expected);
    }

    /** How many messages a search for 복구 finds, page after page. */
    private static int found(Api api, Api.User user, long room) {
        int total = 0;
        String cursor = null;
        do {
            Api.Response page = api.get("/api/v1/rooms/" + room + "/messages/search?limit=50&q=%EB%B3%B5%EA%B5%AC"
                    + (cursor == null ? "" : "&cursor=" + cursor), user.accessToken());
            assertThat(page.status()).as(page.toString()).isEqualTo(200);
            total += page.body().path("hits").size();
            JsonNode next = page.body().path("nextCursor");
            cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
        } while (cursor != null);
        return total;
    }
}
