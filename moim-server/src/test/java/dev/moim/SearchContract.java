package dev.moim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Message search through the public API, on each store: Korean sentences, who may find what (members only, only
 * after their join seq, not after leaving), edits and deletions, paging, the history around a hit, and every kind
 * of bad input. The index follows commits in the background, so each test waits for the condition it checks.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"moim.auth.signups-per-ip.count=10000", "moim.search.searches-per-user.count=100000",
                "moim.messages.send-burst=1000"})
abstract class SearchContract {

    private static final Duration INDEXED = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private Response searchRoom(User user, long roomId, String query) {
        return api.get("/api/v1/rooms/" + roomId + "/messages/search?" + query, user.accessToken());
    }

    private Response searchAll(User user, String query) {
        return api.get("/api/v1/search/messages?" + query, user.accessToken());
    }

    private static List<Long> seqs(Response response) {
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        List<Long> seqs = new ArrayList<>();
        response.body().path("hits").forEach(h -> seqs.add(h.path("message").path("seq").asLong()));
        return seqs;
    }

    private long send(User user, long roomId, String content) {
        Response sent = api.sendRest(user, roomId, UUID.randomUUID().toString(), content);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        return sent.body().path("seq").asLong();
    }

    @Test
    void koreanWordsAreFoundInTheirRoomWithHighlights() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        long room = api.group(minji, "주말 모임", joon);
        long s1 = send(minji, room, "이번 주말 콘서트를 같이 갈 사람?");
        long s2 = send(joon, room, "어제 콘서트에서 찍은 사진 올릴게");
        send(joon, room, "점심 뭐 먹지");
        long s4 = send(minji, room, "동행을 구합니다");

        await().atMost(INDEXED).untilAsserted(() ->
                assertThat(seqs(searchRoom(joon, room, "q=" + enc("콘서트")))).containsExactly(s2, s1));
        await().atMost(INDEXED).untilAsserted(() ->
                assertThat(seqs(searchRoom(joon, room, "q=" + enc("동행")))).containsExactly(s4));
        assertThat(seqs(searchRoom(joon, room, "q=" + enc("콘서트") + "&senderId=" + joon.id()))).containsExactly(s2);

        JsonNode hit = searchRoom(minji, room, "q=" + enc("콘서트")).body().path("hits").get(1);

        // What was searched shows among the trending keywords, once per user: Joon searched 콘서트 many times
        // while waiting for the index, Minji once.
        JsonNode trending = api.get("/api/v1/search/trending?window=hour", minji.accessToken()).body().path("keywords");
        assertThat(trending.findValues("keyword").stream().map(JsonNode::asString).toList()).contains("콘서트");
        trending.forEach(k -> {
            if (k.path("keyword").asString().equals("콘서트")) {
                assertThat(k.path("users").asLong()).isEqualTo(2);
            }
        });
        JsonNode message = hit.path("message");
        assertThat(message.path("roomId").asLong()).isEqualTo(room);
        assertThat(message.path("sender").path("nickname").asString()).isEqualTo("민지");
        String content = message.path("content").asString();
        JsonNode range = hit.path("highlights").get(0);
        assertThat(content.substring(range.get(0).asInt(), range.get(1).asInt())).isEqualTo("콘서트");

        // Across all the searcher's rooms: the same hits, each naming its room.
        JsonNode everywhere = searchAll(joon, "q=" + enc("콘서트")).body().path("hits");
        assertThat(everywhere).hasSize(2);
        everywhere.forEach(h -> assertThat(h.path("message").path("roomId").asLong()).isEqualTo(room));
    }

    @Test
    void onlyMembersFindAndOnlyWhatCameAfterTheyJoined() {
        User owner = api.newUser("Owner");
        User member = api.newUser("Member");
        User stranger = api.newUser("Stranger");
        long room = api.group(owner, "비밀 방", member);
        long before = send(owner, room, "비밀번호는 나중에 알려줄게");
        await().atMost(INDEXED).until(() -> seqs(searchRoom(member, room, "q=" + enc("비밀번호"))).equals(List.of(before)));

        Response refused = searchRoom(stranger, room, "q=" + enc("비밀번호"));
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("NOT_A_MEMBER");
        assertThat(seqs(searchAll(stranger, "q=" + enc("비밀번호")))).isEmpty();

        // Invited now: what came before stays out of their reach, what comes after is found.
        assertThat(api.post("/api/v1/rooms/" + room + "/members", owner.accessToken(),
                Map.of("userIds", List.of(stranger.id()))).status()).isEqualTo(204);
        long after = send(owner, room, "새 비밀번호 공지");
        await().atMost(INDEXED).until(() -> seqs(searchRoom(owner, room, "q=" + enc("비밀번호"))).size() == 2);
        assertThat(seqs(searchRoom(stranger, room, "q=" + enc("비밀번호")))).containsExactly(after);
        assertThat(seqs(searchAll(stranger, "q=" + enc("비밀번호")))).containsExactly(after);

        // Left: the room is no longer theirs to search.
        assertThat(api.post("/api/v1/rooms/" + room + "/leave", member.accessToken(), null).status()).isEqualTo(204);
        assertThat(searchRoom(member, room, "q=" + enc("비밀번호")).status()).isEqualTo(403);
        assertThat(seqs(searchAll(member, "q=" + enc("비밀번호")))).isEmpty();
    }

    @Test
    void editedMessagesAreFoundByTheirNewTextAndDeletedOnesNotAtAll() {
        User a = api.newUser("Editor");
        User b = api.newUser("Reader");
        long room = api.group(a, "편집", b);
        long edited = send(a, room, "오타가 있는 문장: 회의는 세시");
        long deleted = send(a, room, "실수로 보낸 회의 비밀 메모");
        await().atMost(INDEXED).until(() -> seqs(searchRoom(b, room, "q=" + enc("회의"))).size() == 2);

        assertThat(api.patch("/api/v1/rooms/" + room + "/messages/" + edited, a.accessToken(),
                Map.of("content", "고친 문장: 미팅은 네시")).status()).isEqualTo(200);
        assertThat(api.delete("/api/v1/rooms/" + room + "/messages/" + deleted, a.accessToken()).status()).isEqualTo(200);

        // Never the old text, not even before the index has caught up: every hit is checked against the database.
        assertThat(seqs(searchRoom(b, room, "q=" + enc("회의")))).isEmpty();
        await().atMost(INDEXED).until(() -> seqs(searchRoom(b, room, "q=" + enc("미팅"))).equals(List.of(edited)));
        assertThat(seqs(searchRoom(b, room, "q=" + enc("메모")))).isEmpty();
    }

    @Test
    void pagesFollowEachOtherAndAHitOpensItsHistory() {
        User a = api.newUser("Pager");
        long room = api.group(a, "페이지");
        List<Long> sent = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            sent.add(send(a, room, i % 2 == 0 ? "맛집 추천 " + i : "아무 말 " + i));
            send(a, room, "사이에 낀 말 " + i);
        }
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 25; i += 2) {
            expected.addFirst(sent.get(i));
        }
        await().atMost(INDEXED).until(() -> seqs(searchRoom(a, room, "q=" + enc("맛집") + "&limit=50")).size() == expected.size());

        for (String sort : List.of("recent", "relevance")) {
            List<Long> seen = new ArrayList<>();
            String cursor = null;
            do {
                Response page = searchRoom(a, room, "q=" + enc("맛집") + "&limit=5&sort=" + sort
                        + (cursor == null ? "" : "&cursor=" + cursor));
                seen.addAll(seqs(page));
                JsonNode next = page.body().path("nextCursor");
                cursor = next.isNull() || next.isMissingNode() ? null : next.asString();
            } while (cursor != null);
            assertThat(seen).containsExactlyInAnyOrderElementsOf(expected).doesNotHaveDuplicates();
            if (sort.equals("recent")) {
                assertThat(seen).containsExactlyElementsOf(expected);
            }
        }

        long hit = sent.get(12);
        JsonNode around = api.history(a, room, "aroundSeq=" + hit + "&limit=10");
        List<Long> aroundSeqs = new ArrayList<>();
        around.forEach(m -> aroundSeqs.add(m.path("seq").asLong()));
        assertThat(aroundSeqs).hasSize(10).contains(hit, hit - 4, hit + 5);
    }

    @Test
    void badInputGetsTypedErrorsAndQuerySyntaxIsText() {
        User a = api.newUser("Bad");
        long room = api.group(a, "입력");
        send(a, room, "괄호(가) 들어간 문장 [테스트] title:값");

        assertCode(searchRoom(a, room, ""), 400, "VALIDATION_FAILED");
        assertCode(searchRoom(a, room, "q=" + enc("   ")), 400, "VALIDATION_FAILED");
        assertCode(searchRoom(a, room, "q=" + "가".repeat(101)), 400, "VALIDATION_FAILED");
        assertCode(searchRoom(a, room, "q=" + enc("a\u0000b")), 400, "VALIDATION_FAILED");
        assertCode(searchRoom(a, room, "q=x&sort=oldest"), 400, "VALIDATION_FAILED");
        assertCode(searchRoom(a, room, "q=x&limit=0"), 400, "VALIDATION_FAILED");
        assertCode(searchRoom(a, room, "q=x&limit=51"), 400, "VALIDATION_FAILED");
        assertCode(searchRoom(a, room, "q=x&cursor=not-a-cursor"), 400, "VALIDATION_FAILED");
        assertCode(searchRoom(a, room, "q=x&from=yesterday"), 400, "VALIDATION_FAILED");
        assertCode(searchRoom(a, room, "q=x&from=" + enc("2026-11-30T10:00:00+09:00") + "&to=" + enc("2026-11-30T09:00:00+09:00")),
                400, "VALIDATION_FAILED");
        assertCode(searchRoom(a, 987654321L, "q=x"), 404, "ROOM_NOT_FOUND");
        assertCode(api.get("/api/v1/search/messages?q=x", null), 401, "UNAUTHENTICATED");
        assertCode(api.get("/api/v1/rooms/" + room + "/messages?aroundSeq=0", a.accessToken()), 400, "INVALID_SEQ");
        assertCode(api.get("/api/v1/rooms/" + room + "/messages?aroundSeq=1&afterSeq=0", a.accessToken()), 400, "VALIDATION_FAILED");

        for (String q : List.of("(가)", "[테스트]", "title:값", "\"", "*", "?", "~", "\\", "OR", "AND NOT", "/x/", "{", "^2", "!")) {
            Response r = searchRoom(a, room, "q=" + enc(q));
            assertThat(r.status()).as(q + ": " + r).isEqualTo(200);
        }
        await().atMost(INDEXED).until(() -> seqs(searchRoom(a, room, "q=" + enc("[테스트]"))).size() == 1);

        // A cursor is bound to the order it was made for.
        send(a, room, "테스트 둘");
        await().atMost(INDEXED).until(() -> seqs(searchRoom(a, room, "q=" + enc("테스트"))).size() == 2);
        String cursor = searchRoom(a, room, "q=" + enc("테스트") + "&limit=1&sort=recent").body().path("nextCursor").asString();
        assertThat(searchRoom(a, room, "q=" + enc("테스트") + "&limit=1&sort=recent&cursor=" + cursor).status()).isEqualTo(200);
        assertCode(searchRoom(a, room, "q=" + enc("테스트") + "&limit=1&sort=relevance&cursor=" + cursor), 400, "VALIDATION_FAILED");
    }

    private static void assertCode(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(response.body().toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
