package dev.moim;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import javax.imageio.ImageIO;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Group life through the public API, on each store: the directory (Korean-aware, paged), joining OPEN rooms with and
 * without a password, applications to REQUEST rooms and their answers (live and as notifications), invite links,
 * managers, kicks and bans, and settings. Every refusal is typed and changes nothing; the races (the last seat, one
 * application approved twice, one link used at once) have exactly one winner.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"moim.auth.signups-per-ip.count=10000", "moim.messages.send-burst=1000",
                "moim.rooms.member-adds.count=100000", "moim.search.searches-per-user.count=100000",
                "moim.groups.applications-per-user.count=1000", "moim.groups.password-attempts.count=3",
                "moim.files.uploads-per-user.count=1000"})
abstract class GroupLifeContract {

    @LocalServerPort
    int port;

    Api api;
    private final List<StompClient> sockets = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void closeSockets() {
        sockets.forEach(StompClient::close);
    }

    // ---- helpers ----

    private StompClient personal(User user) {
        StompClient client = StompClient.connect(port, user.accessToken());
        sockets.add(client);
        client.subscribe("/user/queue/events");
        return client;
    }

    private StompClient roomEvents(User user, long roomId) {
        StompClient client = StompClient.connect(port, user.accessToken());
        sockets.add(client);
        client.subscribe("/topic/rooms/" + roomId);
        return client;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void status(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
    }

    private static void refused(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private Response patch(User user, long roomId, Map<String, Object> settings) {
        return api.patch("/api/v1/rooms/" + roomId, user.accessToken(), settings);
    }

    private JsonNode settle(User user, long roomId, Map<String, Object> settings) {
        Response changed = patch(user, roomId, settings);
        status(changed, 200);
        return changed.body();
    }

    /** A GROUP of {@code owner} (and {@code others}) with the given policy and settings. */
    private long group(User owner, String name, String policy, Map<String, Object> more, User... others) {
        long room = api.group(owner, name, others);
        Map<String, Object> settings = new HashMap<>(more);
        settings.put("joinPolicy", policy);
        settle(owner, room, settings);
        return room;
    }

    private Response join(User user, long roomId, String password) {
        return api.post("/api/v1/rooms/" + roomId + "/join", user.accessToken(),
                password == null ? Map.of() : Map.of("password", password));
    }

    private Response apply(User user, long roomId, String note) {
        return api.post("/api/v1/rooms/" + roomId + "/applications", user.accessToken(),
                note == null ? Map.of() : Map.of("note", note));
    }

    private Response decide(User manager, long roomId, User applicant, String decision) {
        return api.post("/api/v1/rooms/" + roomId + "/applications/" + applicant.id() + "/" + decision,
                manager.accessToken(), null);
    }

    private Response link(User user, long roomId, Map<String, Object> body) {
        return api.post("/api/v1/rooms/" + roomId + "/invite-links", user.accessToken(), body);
    }

    private Response accept(User user, String code) {
        return api.post("/api/v1/invites/" + code + "/accept", user.accessToken(), Map.of());
    }

    private Response directory(User user, String query) {
        return api.get("/api/v1/rooms/directory" + (query.isEmpty() ? "" : "?" + query), user.accessToken());
    }

    private List<Long> listed(User user, String query) {
        Response page = directory(user, query);
        status(page, 200);
        List<Long> ids = new ArrayList<>();
        page.body().path("rooms").forEach(r -> ids.add(r.path("id").asLong()));
        return ids;
    }

    private List<Long> memberIds(User user, long roomId) {
        Response members = api.get("/api/v1/rooms/" + roomId + "/members", user.accessToken());
        status(members, 200);
        List<Long> ids = new ArrayList<>();
        members.body().forEach(m -> ids.add(m.path("id").asLong()));
        return ids;
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(n -> ids.add(n.asLong()));
        return ids;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(n -> texts.add(n.asString()));
        return texts;
    }

    /** The SYSTEM notes of the room's history as the user sees it, as "EVENT actor users". */
    private List<String> notes(User user, long roomId) {
        List<String> notes = new ArrayList<>();
        for (JsonNode m : api.wholeHistory(user, roomId)) {
            if (m.path("type").asString().equals("SYSTEM")) {
                JsonNode note = m.path("system");
                notes.add(note.path("event").asString() + " " + note.path("actorId").asLong() + " " + ids(note.path("userIds")));
            }
        }
        return notes;
    }

    private JsonNode notification(StompClient client, String kind) {
        return client.awaitEvent("notification", e -> e.path("notification").path("kind").asString().equals(kind))
                .path("notification");
    }

    private static <T> List<T> together(List<Supplier<T>> calls) {
        List<CompletableFuture<T>> running = calls.stream().map(CompletableFuture::supplyAsync).toList();
        return running.stream().map(CompletableFuture::join).toList();
    }

    private static byte[] png() {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 40; x++) {
            for (int y = 0; y < 30; y++) {
                image.setRGB(x, y, x < 20 ? 0xD02020 : 0x2020D0);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Uploads a photo to the room; sends it in a message unless {@code send} is false. Returns its id. */
    private String photo(User user, long roomId, boolean send) {
        Response up = api.upload("POST", "/api/v1/rooms/" + roomId + "/attachments?name=cover.png", user.accessToken(),
                png(), Map.of());
        status(up, 201);
        String id = up.body().path("id").asString();
        if (send) {
            status(api.post("/api/v1/rooms/" + roomId + "/messages", user.accessToken(),
                    Map.of("clientMsgId", UUID.randomUUID().toString(), "type", "IMAGE", "attachmentIds", List.of(id))), 201);
        }
        return id;
    }

    // ---- the directory and OPEN rooms ----

    @Test
    void openRoomsAreListedFoundInKoreanAndJoinedByAnyone() {
        User owner = api.newUser("방장");
        User friend = api.newUser("친구");
        User hiker = api.newUser("등산객");
        String tag = "t" + UUID.randomUUID().toString().substring(0, 8);
        long room = api.group(owner, "주말 등산 모임", friend);
        long hidden = api.group(owner, "비밀 등산 모임");
        StompClient live = roomEvents(friend, room);

        JsonNode summary = settle(owner, room, Map.of("joinPolicy", "OPEN", "description", "서울 근교 산행을 함께해요",
                "tags", List.of("등산", "#" + tag.toUpperCase())));
        assertThat(summary.path("joinPolicy").asString()).isEqualTo("OPEN");
        assertThat(texts(summary.path("tags"))).containsExactly("등산", tag);
        assertThat(summary.path("description").asString()).isEqualTo("서울 근교 산행을 함께해요");
        assertThat(summary.path("hasPassword").asBoolean()).isFalse();
        assertThat(summary.path("myRole").asString()).isEqualTo("OWNER");
        JsonNode updated = live.awaitEvent("room_updated");
        assertThat(updated.path("roomId").asLong()).isEqualTo(room);
        assertThat(updated.path("room").path("joinPolicy").asString()).isEqualTo("OPEN");
        assertThat(texts(updated.path("changed"))).containsExactlyInAnyOrder("joinPolicy", "description", "tags");
        assertThat(updated.path("room").has("passwordHash")).isFalse();

        // Korean-aware: a particle after the word, a word of the description, a tag in any case; never a PRIVATE room.
        assertThat(listed(hiker, "q=" + enc("등산을") + "&tag=" + tag)).containsExactly(room);
        assertThat(listed(hiker, "q=" + enc("산행") + "&tag=" + tag)).containsExactly(room);
        assertThat(listed(hiker, "q=" + enc("주말 모임") + "&tag=" + tag)).containsExactly(room);
        assertThat(listed(hiker, "tag=" + tag.toUpperCase())).containsExactly(room);
        assertThat(listed(hiker, "q=" + enc("낚시") + "&tag=" + tag)).isEmpty();
        assertThat(listed(hiker, "q=" + enc("비밀"))).doesNotContain(hidden);
        JsonNode entry = directory(hiker, "tag=" + tag).body().path("rooms").get(0);
        assertThat(entry.path("name").asString()).isEqualTo("주말 등산 모임");
        assertThat(entry.path("memberCount").asInt()).isEqualTo(2);
        assertThat(entry.path("member").asBoolean()).isFalse();

        StompClient hikerEvents = personal(hiker);
        Response joined = join(hiker, room, null);
        status(joined, 200);
        assertThat(joined.body().path("memberCount").asInt()).isEqualTo(3);
        assertThat(joined.body().path("myRole").asString()).isEqualTo("MEMBER");
        assertThat(joined.body().path("unreadCount").asLong()).isZero();
        assertThat(hikerEvents.awaitEvent("room_added").path("room").path("id").asLong()).isEqualTo(room);
        JsonNode members = live.awaitEvent("members", e -> e.path("change").asString().equals("joined"));
        assertThat(ids(members.path("userIds"))).containsExactly(hiker.id());
        assertThat(memberIds(owner, room)).contains(hiker.id());
        // They see from their join on: their own JOINED note and nothing before it.
        assertThat(notes(hiker, room)).containsExactly("JOINED " + hiker.id() + " [" + hiker.id() + "]");
        assertThat(directory(hiker, "tag=" + tag).body().path("rooms").get(0).path("member").asBoolean()).isTrue();

        refused(join(hiker, room, null), 409, "ALREADY_MEMBER");
        refused(join(hiker, hidden, null), 403, "JOIN_NOT_ALLOWED");
        refused(apply(friend, hidden, "저도요"), 403, "JOIN_NOT_ALLOWED");
        refused(apply(api.newUser("다른"), room, "열린 방인데"), 403, "JOIN_NOT_ALLOWED");
        refused(join(hiker, api.direct(owner, friend), null), 400, "OPERATION_NOT_ALLOWED");
        refused(join(hiker, 999_999_999L, null), 404, "ROOM_NOT_FOUND");
    }

    @Test
    void aRoomPasswordIsCheckedGuessingIsLimitedAndTheHashNeverShows() {
        User owner = api.newUser("방장");
        User guesser = api.newUser("추측");
        User guest = api.newUser("손님");
        long room = group(owner, "암호 방", "OPEN", Map.of("password", "산악회1234"));
        JsonNode summary = api.room(owner, room);
        assertThat(summary.path("hasPassword").asBoolean()).isTrue();
        assertThat(summary.toString()).doesNotContain("$2");

        refused(join(guesser, room, null), 403, "WRONG_ROOM_PASSWORD");
        for (int i = 0; i < 3; i++) {
            refused(join(guesser, room, "틀림" + i), 403, "WRONG_ROOM_PASSWORD");
        }
        // Three wrong guesses for this room (the limit in this test): now even the right one waits.
        refused(join(guesser, room, "산악회1234"), 429, "RATE_LIMITED");
        assertThat(memberIds(owner, room)).containsExactly(owner.id());
        // Counted per user and room: someone else is not held up.
        status(join(guest, room, "산악회1234"), 200);

        Map<String, Object> noPassword = new HashMap<>();
        noPassword.put("password", null);
        settle(owner, room, noPassword);
        assertThat(api.room(owner, room).path("hasPassword").asBoolean()).isFalse();
        status(join(api.newUser("새손님"), room, null), 200);
        refused(patch(owner, room, Map.of("password", "ab")), 400, "VALIDATION_FAILED");
        assertThat(api.room(owner, room).path("hasPassword").asBoolean()).isFalse();
    }

    // ---- applications ----

    @Test
    void applicationsAreApprovedOrRefusedAndTheApplicantIsToldBothWays() {
        User owner = api.newUser("방장");
        User manager = api.newUser("매니저");
        User member = api.newUser("회원");
        User applicant = api.newUser("지원자");
        User other = api.newUser("다른지원자");
        long room = group(owner, "신청 방", "REQUEST", Map.of(), manager, member);
        status(api.put("/api/v1/rooms/" + room + "/managers/" + manager.id(), owner.accessToken(), Map.of()), 204);
        StompClient ownerEvents = personal(owner);
        StompClient managerEvents = personal(manager);
        StompClient applicantEvents = personal(applicant);

        refused(join(applicant, room, null), 403, "JOIN_NOT_ALLOWED");
        refused(apply(applicant, room, "가".repeat(201)), 400, "VALIDATION_FAILED");
        Response applied = apply(applicant, room, "같이 가고 싶어요");
        status(applied, 201);
        assertThat(applied.body().path("user").path("id").asLong()).isEqualTo(applicant.id());
        assertThat(applied.body().path("note").asString()).isEqualTo("같이 가고 싶어요");
        refused(apply(applicant, room, "한 번 더"), 409, "APPLICATION_PENDING");

        JsonNode told = managerEvents.awaitEvent("application", e -> e.path("change").asString().equals("submitted"));
        assertThat(told.path("roomId").asLong()).isEqualTo(room);
        assertThat(told.path("applicant").path("id").asLong()).isEqualTo(applicant.id());
        assertThat(told.path("note").asString()).isEqualTo("같이 가고 싶어요");
        JsonNode request = notification(ownerEvents, "JOIN_REQUEST");
        assertThat(request.path("actor").path("id").asLong()).isEqualTo(applicant.id());
        assertThat(request.path("roomId").asLong()).isEqualTo(room);
        notification(managerEvents, "JOIN_REQUEST");
        assertThat(directory(applicant, "q=" + enc("신청 방")).body().path("rooms").findValues("applied").stream()
                .anyMatch(JsonNode::asBoolean)).isTrue();

        // Only the owner and managers see and answer applications.
        refused(api.get("/api/v1/rooms/" + room + "/applications", member.accessToken()), 403, "NOT_MANAGER");
        refused(decide(member, room, applicant, "approve"), 403, "NOT_MANAGER");
        refused(decide(other, room, applicant, "approve"), 403, "NOT_A_MEMBER");
        Response pending = api.get("/api/v1/rooms/" + room + "/applications", manager.accessToken());
        status(pending, 200);
        assertThat(pending.body()).hasSize(1);
        assertThat(pending.body().get(0).path("user").path("nickname").asString()).isEqualTo("지원자");
        assertThat(memberIds(owner, room)).doesNotContain(applicant.id());

        status(decide(manager, room, applicant, "approve"), 204);
        JsonNode approved = applicantEvents.awaitEvent("application", e -> e.path("change").asString().equals("approved"));
        assertThat(approved.path("by").path("id").asLong()).isEqualTo(manager.id());
        assertThat(applicantEvents.awaitEvent("room_added").path("room").path("id").asLong()).isEqualTo(room);
        JsonNode approval = notification(applicantEvents, "JOIN_APPROVED");
        assertThat(approval.path("actor").path("id").asLong()).isEqualTo(manager.id());
        assertThat(approval.path("text").asString()).isEqualTo("신청 방");
        assertThat(memberIds(owner, room)).contains(applicant.id());
        assertThat(notes(applicant, room)).containsExactly("JOINED " + applicant.id() + " [" + applicant.id() + "]");
        refused(decide(owner, room, applicant, "approve"), 404, "APPLICATION_NOT_FOUND");
        assertThat(api.get("/api/v1/rooms/" + room + "/applications", owner.accessToken()).body()).isEmpty();

        // Withdrawn, then again, then refused.
        StompClient otherEvents = personal(other);
        status(apply(other, room, null), 201);
        status(api.delete("/api/v1/rooms/" + room + "/applications/mine", other.accessToken()), 204);
        managerEvents.awaitEvent("application", e -> e.path("change").asString().equals("withdrawn"));
        refused(api.delete("/api/v1/rooms/" + room + "/applications/mine", other.accessToken()), 404, "APPLICATION_NOT_FOUND");
        refused(decide(owner, room, other, "refuse"), 404, "APPLICATION_NOT_FOUND");
        status(apply(other, room, "다시 신청해요"), 201);
        status(decide(owner, room, other, "refuse"), 204);
        JsonNode refusal = otherEvents.awaitEvent("application", e -> e.path("change").asString().equals("refused"));
        assertThat(refusal.path("by").path("id").asLong()).isEqualTo(owner.id());
        assertThat(notification(otherEvents, "JOIN_REFUSED").path("roomId").asLong()).isEqualTo(room);
        assertThat(memberIds(owner, room)).doesNotContain(other.id());
        status(apply(other, room, "마지막으로"), 201);
    }

    @Test
    void aRoomThatStopsTakingApplicationsClosesThePendingOnes() {
        User owner = api.newUser("방장");
        User applicant = api.newUser("지원자");
        long room = group(owner, "닫히는 방", "REQUEST", Map.of());
        StompClient ownerEvents = personal(owner);
        StompClient applicantEvents = personal(applicant);
        status(apply(applicant, room, "들어가고 싶어요"), 201);

        settle(owner, room, Map.of("joinPolicy", "PRIVATE"));
        JsonNode closed = applicantEvents.awaitEvent("application", e -> e.path("change").asString().equals("closed"));
        assertThat(closed.path("roomId").asLong()).isEqualTo(room);
        assertThat(closed.path("by").path("id").asLong()).isEqualTo(owner.id());
        ownerEvents.awaitEvent("application", e -> e.path("change").asString().equals("closed"));
        assertThat(notification(applicantEvents, "JOIN_REFUSED").path("roomId").asLong()).isEqualTo(room);
        // Nothing is left to approve into a room that takes members by invitation only.
        assertThat(api.get("/api/v1/rooms/" + room + "/applications", owner.accessToken()).body()).isEmpty();
        refused(decide(owner, room, applicant, "approve"), 404, "APPLICATION_NOT_FOUND");
        refused(api.delete("/api/v1/rooms/" + room + "/applications/mine", applicant.accessToken()), 404, "APPLICATION_NOT_FOUND");
        assertThat(memberIds(owner, room)).doesNotContain(applicant.id());

        // Taking applications again starts from none; other settings changes leave pending ones alone.
        settle(owner, room, Map.of("joinPolicy", "REQUEST"));
        status(apply(applicant, room, "다시요"), 201);
        settle(owner, room, Map.of("description", "주말 모임"));
        assertThat(api.get("/api/v1/rooms/" + room + "/applications", owner.accessToken()).body()).hasSize(1);
    }

    // ---- invite links ----

    @Test
    void inviteLinksJoinUntilUsedUpExpiredOrRevoked() {
        User owner = api.newUser("방장");
        User member = api.newUser("회원");
        long room = api.group(owner, "초대 방", member);
        refused(link(member, room, Map.of()), 403, "NOT_MANAGER");
        refused(link(owner, room, Map.of("maxUses", 0)), 400, "VALIDATION_FAILED");
        refused(link(owner, room, Map.of("expiresIn", 0)), 400, "VALIDATION_FAILED");

        Response made = link(owner, room, Map.of("maxUses", 2));
        status(made, 201);
        String code = made.body().path("code").asString();
        assertThat(code).matches("[A-Za-z0-9_-]{24}");
        assertThat(made.body().path("url").asString()).endsWith("/invite/" + code);
        assertThat(made.body().path("maxUses").asInt()).isEqualTo(2);
        assertThat(made.body().path("uses").asInt()).isZero();
        assertThat(link(owner, room, Map.of()).body().path("code").asString()).isNotEqualTo(code);

        User first = api.newUser("첫째");
        Response preview = api.get("/api/v1/invites/" + code, first.accessToken());
        status(preview, 200);
        assertThat(preview.body().path("room").path("name").asString()).isEqualTo("초대 방");
        assertThat(preview.body().path("room").path("memberCount").asInt()).isEqualTo(2);
        assertThat(preview.body().path("room").path("joinPolicy").asString()).isEqualTo("PRIVATE");
        assertThat(preview.body().path("room").path("member").asBoolean()).isFalse();

        // A PRIVATE room takes a link's holder without its password.
        settle(owner, room, Map.of("password", "비밀번호"));
        Response accepted = accept(first, code);
        status(accepted, 200);
        assertThat(accepted.body().path("result").asString()).isEqualTo("JOINED");
        assertThat(accepted.body().path("room").path("id").asLong()).isEqualTo(room);
        // A member accepting is refused, and the refusal uses nothing up.
        refused(accept(member, code), 409, "ALREADY_MEMBER");
        status(accept(api.newUser("둘째"), code), 200);
        refused(accept(api.newUser("셋째"), code), 410, "INVITE_LINK_USED_UP");
        refused(api.get("/api/v1/invites/" + code, first.accessToken()), 410, "INVITE_LINK_USED_UP");
        Response links = api.get("/api/v1/rooms/" + room + "/invite-links", owner.accessToken());
        status(links, 200);
        assertThat(links.body()).hasSize(2);
        JsonNode usedUp = links.body().get(1);
        assertThat(usedUp.path("code").asString()).isEqualTo(code);
        assertThat(usedUp.path("uses").asInt()).isEqualTo(2);
        assertThat(usedUp.path("createdBy").path("id").asLong()).isEqualTo(owner.id());
        refused(api.get("/api/v1/rooms/" + room + "/invite-links", first.accessToken()), 403, "NOT_MANAGER");

        // Revoked: gone for good.
        String revoked = link(owner, room, Map.of()).body().path("code").asString();
        refused(api.delete("/api/v1/rooms/" + room + "/invite-links/" + revoked, member.accessToken()), 403, "NOT_MANAGER");
        status(api.delete("/api/v1/rooms/" + room + "/invite-links/" + revoked, owner.accessToken()), 204);
        refused(api.get("/api/v1/invites/" + revoked, first.accessToken()), 404, "INVITE_LINK_NOT_FOUND");
        refused(accept(api.newUser("넷째"), revoked), 404, "INVITE_LINK_NOT_FOUND");
        refused(api.delete("/api/v1/rooms/" + room + "/invite-links/" + revoked, owner.accessToken()), 404, "INVITE_LINK_NOT_FOUND");
        refused(accept(api.newUser("다섯째"), "not-a-code"), 404, "INVITE_LINK_NOT_FOUND");

        // Expired: a link that lasts a second.
        String brief = link(owner, room, Map.of("expiresIn", 1)).body().path("code").asString();
        User late = api.newUser("늦은");
        await().until(() -> api.get("/api/v1/invites/" + brief, late.accessToken()).status() == 410);
        refused(api.get("/api/v1/invites/" + brief, late.accessToken()), 410, "INVITE_LINK_EXPIRED");
        refused(accept(late, brief), 410, "INVITE_LINK_EXPIRED");
        assertThat(memberIds(owner, room)).doesNotContain(late.id()).hasSize(4);
    }

    @Test
    void aLinkToARequestRoomAppliesAndALastUseGoesToOneOfManyAtOnce() {
        User owner = api.newUser("방장");
        long requestRoom = group(owner, "신청 방", "REQUEST", Map.of());
        String code = link(owner, requestRoom, Map.of("maxUses", 5)).body().path("code").asString();
        User applicant = api.newUser("지원자");
        Response applied = api.post("/api/v1/invites/" + code + "/accept", applicant.accessToken(), Map.of("note", "링크로 왔어요"));
        status(applied, 200);
        assertThat(applied.body().path("result").asString()).isEqualTo("APPLIED");
        assertThat(applied.body().path("application").path("note").asString()).isEqualTo("링크로 왔어요");
        refused(accept(applicant, code), 409, "APPLICATION_PENDING");
        assertThat(memberIds(owner, requestRoom)).containsExactly(owner.id());
        assertThat(api.get("/api/v1/rooms/" + requestRoom + "/invite-links", owner.accessToken()).body().get(0)
                .path("uses").asInt()).isEqualTo(1);

        // One use left, six people at once: one joins, the others find it used up.
        long room = api.group(owner, "선착순");
        String single = link(owner, room, Map.of("maxUses", 1)).body().path("code").asString();
        List<User> racers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            racers.add(api.newUser("경주" + i));
        }
        List<Response> answers = together(racers.stream().<Supplier<Response>>map(u -> () -> accept(u, single)).toList());
        assertThat(answers.stream().filter(r -> r.status() == 200).count()).as(answers.toString()).isEqualTo(1);
        answers.stream().filter(r -> r.status() != 200).forEach(r -> refused(r, 410, "INVITE_LINK_USED_UP"));
        assertThat(memberIds(owner, room)).hasSize(2);
        assertThat(api.get("/api/v1/rooms/" + room + "/invite-links", owner.accessToken()).body().get(0)
                .path("uses").asInt()).isEqualTo(1);
    }

    // ---- managers, kicks and bans ----

    @Test
    void theOwnerAppointsManagersWhoKickAndBanMembersButNotEachOther() {
        User owner = api.newUser("방장");
        User manager = api.newUser("매니저");
        User second = api.newUser("부매니저");
        User member = api.newUser("회원");
        User troll = api.newUser("훼방꾼");
        long room = api.group(owner, "관리 방", manager, second, member, troll);
        StompClient live = roomEvents(member, room);
        StompClient trollEvents = personal(troll);

        refused(api.put("/api/v1/rooms/" + room + "/managers/" + second.id(), manager.accessToken(), Map.of()), 403, "NOT_OWNER");
        refused(api.put("/api/v1/rooms/" + room + "/managers/" + owner.id(), owner.accessToken(), Map.of()), 400, "OPERATION_NOT_ALLOWED");
        refused(api.put("/api/v1/rooms/" + room + "/managers/" + api.newUser("밖").id(), owner.accessToken(), Map.of()), 403, "NOT_A_MEMBER");
        status(api.put("/api/v1/rooms/" + room + "/managers/" + manager.id(), owner.accessToken(), Map.of()), 204);
        JsonNode added = live.awaitEvent("members", e -> e.path("change").asString().equals("manager_added"));
        assertThat(ids(added.path("userIds"))).containsExactly(manager.id());
        // Asking again changes nothing (no second note).
        status(api.put("/api/v1/rooms/" + room + "/managers/" + manager.id(), owner.accessToken(), Map.of()), 204);
        status(api.put("/api/v1/rooms/" + room + "/managers/" + second.id(), owner.accessToken(), Map.of()), 204);
        assertThat(ids(api.room(member, room).path("managerIds"))).containsExactlyInAnyOrder(manager.id(), second.id());
        assertThat(api.room(manager, room).path("myRole").asString()).isEqualTo("MANAGER");
        Response members = api.get("/api/v1/rooms/" + room + "/members", member.accessToken());
        members.body().forEach(m -> {
            if (m.path("id").asLong() == manager.id()) {
                assertThat(m.path("role").asString()).isEqualTo("MANAGER");
            }
        });

        // A plain member manages nothing; a manager does not touch the owner or another manager.
        refused(api.delete("/api/v1/rooms/" + room + "/members/" + troll.id(), member.accessToken()), 403, "NOT_MANAGER");
        refused(api.post("/api/v1/rooms/" + room + "/bans/" + troll.id(), member.accessToken(), null), 403, "NOT_MANAGER");
        refused(api.delete("/api/v1/rooms/" + room + "/members/" + owner.id(), manager.accessToken()), 400, "OPERATION_NOT_ALLOWED");
        refused(api.delete("/api/v1/rooms/" + room + "/members/" + second.id(), manager.accessToken()), 403, "NOT_OWNER");
        refused(api.post("/api/v1/rooms/" + room + "/bans/" + second.id(), manager.accessToken(), null), 403, "NOT_OWNER");
        refused(api.post("/api/v1/rooms/" + room + "/bans/" + manager.id(), manager.accessToken(), null), 400, "OPERATION_NOT_ALLOWED");

        // A ban removes the member, says why, and keeps every way back shut.
        status(api.post("/api/v1/rooms/" + room + "/bans/" + troll.id(), manager.accessToken(), null), 204);
        assertThat(trollEvents.awaitEvent("room_removed").path("reason").asString()).isEqualTo("banned");
        assertThat(notification(trollEvents, "KICKED").path("actor").path("id").asLong()).isEqualTo(manager.id());
        live.awaitEvent("members", e -> e.path("change").asString().equals("kicked"));
        assertThat(memberIds(owner, room)).doesNotContain(troll.id());
        status(api.post("/api/v1/rooms/" + room + "/bans/" + troll.id(), manager.accessToken(), null), 204);
        Response bans = api.get("/api/v1/rooms/" + room + "/bans", second.accessToken());
        status(bans, 200);
        assertThat(bans.body()).hasSize(1);
        assertThat(bans.body().get(0).path("user").path("id").asLong()).isEqualTo(troll.id());
        assertThat(bans.body().get(0).path("bannedBy").path("id").asLong()).isEqualTo(manager.id());
        refused(api.get("/api/v1/rooms/" + room + "/bans", member.accessToken()), 403, "NOT_MANAGER");

        refused(api.post("/api/v1/rooms/" + room + "/members", member.accessToken(), Map.of("userIds", List.of(troll.id()))),
                403, "USER_BANNED");
        String code = link(owner, room, Map.of()).body().path("code").asString();
        refused(accept(troll, code), 403, "USER_BANNED");
        settle(owner, room, Map.of("joinPolicy", "OPEN"));
        refused(join(troll, room, null), 403, "USER_BANNED");
        settle(owner, room, Map.of("joinPolicy", "REQUEST"));
        refused(apply(troll, room, "다시 받아 주세요"), 403, "USER_BANNED");
        assertThat(api.get("/api/v1/rooms/" + room + "/invite-links", owner.accessToken()).body().get(0).path("uses").asInt())
                .isZero();

        // A manager kicks a member; the owner kicks a manager; lifted bans let people back the usual ways.
        status(api.delete("/api/v1/rooms/" + room + "/members/" + member.id(), second.accessToken()), 204);
        status(api.delete("/api/v1/rooms/" + room + "/members/" + second.id(), owner.accessToken()), 204);
        status(api.delete("/api/v1/rooms/" + room + "/bans/" + troll.id(), manager.accessToken()), 204);
        refused(api.delete("/api/v1/rooms/" + room + "/bans/" + troll.id(), manager.accessToken()), 404, "BAN_NOT_FOUND");
        status(accept(troll, code), 200);

        // Unmade, a manager manages nothing.
        status(api.delete("/api/v1/rooms/" + room + "/managers/" + manager.id(), owner.accessToken()), 204);
        refused(api.delete("/api/v1/rooms/" + room + "/members/" + troll.id(), manager.accessToken()), 403, "NOT_MANAGER");
        assertThat(ids(api.room(owner, room).path("managerIds"))).isEmpty();
        assertThat(notes(owner, room)).contains(
                "MANAGER_ADDED " + owner.id() + " [" + manager.id() + "]",
                "BANNED " + manager.id() + " [" + troll.id() + "]",
                "KICKED " + second.id() + " [" + member.id() + "]",
                "MANAGER_REMOVED " + owner.id() + " [" + manager.id() + "]");
        // The owner's leaving hands the room on as before, and the new owner is not also a manager.
        status(api.put("/api/v1/rooms/" + room + "/managers/" + manager.id(), owner.accessToken(), Map.of()), 204);
        status(api.post("/api/v1/rooms/" + room + "/leave", owner.accessToken(), null), 204);
        JsonNode after = api.room(manager, room);
        assertThat(after.path("ownerId").asLong()).isEqualTo(manager.id());
        assertThat(after.path("myRole").asString()).isEqualTo("OWNER");
        assertThat(ids(after.path("managerIds"))).isEmpty();
    }

    // ---- races ----

    @Test
    void twoApprovalsForTheLastSeatAndOneApplicationApprovedTwiceEachMakeOneJoin() {
        User owner = api.newUser("방장");
        User manager = api.newUser("매니저");
        long room = group(owner, "한 자리", "REQUEST", Map.of("memberLimit", 3), manager);
        status(api.put("/api/v1/rooms/" + room + "/managers/" + manager.id(), owner.accessToken(), Map.of()), 204);
        User a = api.newUser("가");
        User b = api.newUser("나");
        status(apply(a, room, null), 201);
        status(apply(b, room, null), 201);
        long lastSeq = api.room(owner, room).path("lastSeq").asLong();

        List<Response> seats = together(List.of(() -> decide(owner, room, a, "approve"), () -> decide(manager, room, b, "approve")));
        assertThat(seats.stream().filter(r -> r.status() == 204).count()).as(seats.toString()).isEqualTo(1);
        seats.stream().filter(r -> r.status() != 204).forEach(r -> refused(r, 409, "ROOM_FULL"));
        assertThat(memberIds(owner, room)).hasSize(3);
        // Nothing half-written: one JOINED note, and the loser's application still waits.
        assertThat(api.room(owner, room).path("lastSeq").asLong()).isEqualTo(lastSeq + 1);
        assertThat(api.get("/api/v1/rooms/" + room + "/applications", owner.accessToken()).body()).hasSize(1);

        // One application, two managers approving it at the same moment: one join.
        long roomy = group(owner, "넓은 방", "REQUEST", Map.of(), manager);
        status(api.put("/api/v1/rooms/" + roomy + "/managers/" + manager.id(), owner.accessToken(), Map.of()), 204);
        User c = api.newUser("다");
        status(apply(c, roomy, "저 왔어요"), 201);
        List<Response> twice = together(List.of(() -> decide(owner, roomy, c, "approve"), () -> decide(manager, roomy, c, "approve")));
        assertThat(twice.stream().filter(r -> r.status() == 204).count()).as(twice.toString()).isEqualTo(1);
        twice.stream().filter(r -> r.status() != 204).forEach(r -> refused(r, 404, "APPLICATION_NOT_FOUND"));
        assertThat(notes(c, roomy)).containsExactly("JOINED " + c.id() + " [" + c.id() + "]");
        assertThat(memberIds(owner, roomy).stream().filter(id -> id == c.id()).count()).isEqualTo(1);
    }

    @Test
    void manyJoiningAnOpenRoomForItsLastSeatLeaveOneIn() {
        User owner = api.newUser("방장");
        long room = group(owner, "마지막 자리", "OPEN", Map.of("memberLimit", 2));
        List<User> racers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            racers.add(api.newUser("경주" + i));
        }
        List<Response> answers = together(racers.stream().<Supplier<Response>>map(u -> () -> join(u, room, null)).toList());
        assertThat(answers.stream().filter(r -> r.status() == 200).count()).as(answers.toString()).isEqualTo(1);
        answers.stream().filter(r -> r.status() != 200).forEach(r -> refused(r, 409, "ROOM_FULL"));
        assertThat(memberIds(owner, room)).hasSize(2);
        refused(patch(owner, room, Map.of("memberLimit", 1)), 400, "VALIDATION_FAILED");
    }

    // ---- settings ----

    @Test
    void settingsAreCheckedAndARefusedChangeChangesNothing() {
        User owner = api.newUser("방장");
        User member = api.newUser("회원");
        long room = api.group(owner, "설정 방", member, api.newUser("셋째"));
        JsonNode before = api.room(owner, room);
        long lastSeq = before.path("lastSeq").asLong();

        refused(patch(member, room, Map.of("name", "내 방")), 403, "NOT_MANAGER");
        refused(patch(api.newUser("밖"), room, Map.of("name", "내 방")), 403, "NOT_A_MEMBER");
        refused(patch(owner, api.direct(owner, member), Map.of("name", "둘")), 400, "OPERATION_NOT_ALLOWED");
        refused(patch(owner, room, Map.of("name", "  ")), 400, "VALIDATION_FAILED");
        refused(patch(owner, room, Map.of("name", "가".repeat(101))), 400, "VALIDATION_FAILED");
        refused(patch(owner, room, Map.of("description", "나".repeat(501))), 400, "VALIDATION_FAILED");
        refused(patch(owner, room, Map.of("description", "nul\u0000")), 400, "VALIDATION_FAILED");
        refused(patch(owner, room, Map.of("tags", List.of("a", "b", "c", "d", "e", "f"))), 400, "VALIDATION_FAILED");
        refused(patch(owner, room, Map.of("tags", List.of("다".repeat(21)))), 400, "VALIDATION_FAILED");
        refused(patch(owner, room, Map.of("tags", List.of("두 단어"))), 400, "VALIDATION_FAILED");
        refused(patch(owner, room, Map.of("tags", List.of("a,b"))), 400, "VALIDATION_FAILED");
        refused(patch(owner, room, Map.of("tags", List.of("#"))), 400, "VALIDATION_FAILED");
        refused(patch(owner, room, Map.of("memberLimit", 2)), 400, "VALIDATION_FAILED");
        refused(patch(owner, room, Map.of("memberLimit", 100_000)), 400, "VALIDATION_FAILED");
        refused(patch(owner, room, Map.of("joinPolicy", "SECRET")), 400, "MALFORMED_REQUEST");
        refused(patch(owner, room, Map.of("name", 12)), 400, "MALFORMED_REQUEST");
        refused(patch(owner, room, Map.of("coverAttachmentId", UUID.randomUUID().toString())), 404, "ATTACHMENT_NOT_FOUND");
        // A cover is a photo of the room's gallery that the owner or a manager sent.
        refused(patch(owner, room, Map.of("coverAttachmentId", photo(member, room, true))), 409, "ATTACHMENT_UNAVAILABLE");
        refused(patch(owner, room, Map.of("coverAttachmentId", photo(owner, room, false))), 409, "ATTACHMENT_UNAVAILABLE");
        long elsewhere = api.group(owner, "다른 방");
        refused(patch(owner, room, Map.of("coverAttachmentId", photo(owner, elsewhere, true))), 409, "ATTACHMENT_UNAVAILABLE");

        JsonNode after = api.room(owner, room);
        for (String field : List.of("name", "joinPolicy", "description", "tags", "coverAttachmentId", "hasPassword", "memberLimit")) {
            assertThat(after.path(field)).as(field).isEqualTo(before.path(field));
        }
        // Only the photo messages sent above moved the room on: no settings note.
        assertThat(notes(owner, room).stream().filter(n -> n.startsWith("RENAMED"))).isEmpty();

        // A new name is a SYSTEM message and a room_updated event; the same settings again change nothing.
        StompClient live = roomEvents(member, room);
        String cover = photo(owner, room, true);
        JsonNode renamed = settle(owner, room, Map.of("name", "새 이름", "coverAttachmentId", cover));
        assertThat(renamed.path("name").asString()).isEqualTo("새 이름");
        assertThat(renamed.path("coverAttachmentId").asString()).isEqualTo(cover);
        JsonNode event = live.awaitEvent("room_updated");
        assertThat(texts(event.path("changed"))).containsExactlyInAnyOrder("name", "coverAttachmentId");
        assertThat(event.path("actorId").asLong()).isEqualTo(owner.id());
        assertThat(notes(member, room)).contains("RENAMED " + owner.id() + " []");
        long seqAfter = api.room(owner, room).path("lastSeq").asLong();
        settle(owner, room, Map.of("name", "새 이름"));
        assertThat(api.room(owner, room).path("lastSeq").asLong()).isEqualTo(seqAfter);
        assertThat(seqAfter).isGreaterThan(lastSeq);

        // The cover is shown to anyone signed in once the room is listed; before that to members only.
        User stranger = api.newUser("낯선");
        assertThat(api.download("/api/v1/rooms/" + room + "/cover", member.accessToken(), Map.of()).status()).isEqualTo(200);
        assertThat(api.download("/api/v1/rooms/" + room + "/cover", stranger.accessToken(), Map.of()).status()).isEqualTo(404);
        settle(owner, room, Map.of("joinPolicy", "OPEN"));
        Api.Download thumb = api.download("/api/v1/rooms/" + room + "/cover/thumbnail", stranger.accessToken(), Map.of());
        assertThat(thumb.status()).isEqualTo(200);
        assertThat(thumb.header("Content-Type")).startsWith("image/");
        // Cleared with null.
        Map<String, Object> clear = new HashMap<>();
        clear.put("coverAttachmentId", null);
        clear.put("description", null);
        assertThat(settle(owner, room, clear).path("coverAttachmentId").isNull()).isTrue();
        assertThat(api.download("/api/v1/rooms/" + room + "/cover", member.accessToken(), Map.of()).status()).isEqualTo(404);

        // Deleting the message that carries the cover takes the cover down, for every member live.
        String lost = photo(owner, room, true);
        long photoSeq = api.room(owner, room).path("lastSeq").asLong();
        settle(owner, room, Map.of("coverAttachmentId", lost));
        live.awaitEvent("room_updated", e -> e.path("room").path("coverAttachmentId").asString("").equals(lost));
        status(api.delete("/api/v1/rooms/" + room + "/messages/" + photoSeq, owner.accessToken()), 200);
        JsonNode gone = live.awaitEvent("room_updated", e -> e.path("room").path("coverAttachmentId").isNull());
        assertThat(texts(gone.path("changed"))).containsExactly("coverAttachmentId");
        assertThat(gone.path("room").path("name").asString()).isEqualTo("새 이름");
        assertThat(api.room(member, room).path("coverAttachmentId").isNull()).isTrue();
        assertThat(api.download("/api/v1/rooms/" + room + "/cover", member.accessToken(), Map.of()).status()).isEqualTo(404);
    }

    // ---- directory paging ----

    @Test
    void theDirectoryPagesByActivityOrMembersWithoutRepeatsAsRoomsComeAndGo() {
        User owner = api.newUser("방장");
        User reader = api.newUser("독자");
        String tag = "p" + UUID.randomUUID().toString().substring(0, 8);
        List<Long> rooms = new ArrayList<>();
        List<User> extra = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // Room i has i + 1 members, so by members the order is the reverse of creation, as by activity.
            extra.add(api.newUser("회원" + i));
            rooms.add(group(owner, "페이지 " + i, i % 2 == 0 ? "OPEN" : "REQUEST", Map.of("tags", List.of(tag)),
                    extra.toArray(User[]::new)));
        }
        // A message makes room 0 the most active.
        status(api.sendRest(owner, rooms.getFirst(), UUID.randomUUID().toString(), "안녕"), 201);

        List<Long> byActivity = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        long newcomer = 0;
        do {
            Response page = directory(reader, "tag=" + tag + "&limit=2" + (cursor == null ? "" : "&cursor=" + cursor));
            status(page, 200);
            page.body().path("rooms").forEach(r -> byActivity.add(r.path("id").asLong()));
            cursor = page.body().path("nextCursor").isNull() ? null : page.body().path("nextCursor").asString();
            if (pages++ == 0) {
                // Rooms that appear meanwhile (and are more active than the page's end) do not shift what follows.
                newcomer = group(owner, "새로 생긴 방", "OPEN", Map.of("tags", List.of(tag)));
            }
        } while (cursor != null);
        assertThat(byActivity).containsExactly(rooms.get(0), rooms.get(4), rooms.get(3), rooms.get(2), rooms.get(1));
        assertThat(new LinkedHashSet<>(byActivity)).hasSize(5);

        Response byMembers = directory(reader, "tag=" + tag + "&sort=members&limit=3");
        status(byMembers, 200);
        List<Long> first = new ArrayList<>();
        byMembers.body().path("rooms").forEach(r -> first.add(r.path("id").asLong()));
        assertThat(first).containsExactly(rooms.get(4), rooms.get(3), rooms.get(2));
        String next = byMembers.body().path("nextCursor").asString();
        // The newcomer has one member: last by members.
        assertThat(listed(reader, "tag=" + tag + "&sort=members&limit=3&cursor=" + next))
                .containsExactly(rooms.get(1), rooms.get(0), newcomer);

        // A cursor belongs to its listing; anything else is refused.
        refused(directory(reader, "tag=" + tag + "&sort=activity&cursor=" + next), 400, "VALIDATION_FAILED");
        refused(directory(reader, "cursor=bm90LWEtY3Vyc29y"), 400, "VALIDATION_FAILED");
        refused(directory(reader, "sort=newest"), 400, "VALIDATION_FAILED");
        refused(directory(reader, "limit=0"), 400, "VALIDATION_FAILED");
        refused(directory(reader, "limit=51"), 400, "VALIDATION_FAILED");
        refused(directory(reader, "q=" + "가".repeat(101)), 400, "VALIDATION_FAILED");
        refused(directory(reader, "tag=" + enc("두 단어")), 400, "VALIDATION_FAILED");
        // Wildcards are text: "%" finds no room that lacks one.
        assertThat(listed(reader, "tag=" + tag + "&q=" + enc("%"))).isEmpty();
        assertThat(listed(reader, "tag=" + tag + "&q=" + enc("_"))).isEmpty();

        // A room made PRIVATE leaves the directory; a closed one too.
        settle(owner, rooms.get(4), Map.of("joinPolicy", "PRIVATE"));
        assertThat(listed(reader, "tag=" + tag + "&limit=50")).doesNotContain(rooms.get(4)).contains(rooms.get(3));
        long closing = group(owner, "닫히는 방", "OPEN", Map.of("tags", List.of(tag)));
        status(api.post("/api/v1/rooms/" + closing + "/leave", owner.accessToken(), null), 204);
        assertThat(listed(reader, "tag=" + tag + "&limit=50")).doesNotContain(closing);
        Set<Long> seen = new LinkedHashSet<>(listed(reader, "tag=" + tag + "&limit=50"));
        assertThat(seen).hasSize(5);
    }
}
