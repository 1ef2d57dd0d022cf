package dev.moim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

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
 * Friends, blocks, mentions and notifications through the public API, each change told live to both sides; on each
 * store. A blocked person is never told so.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"moim.auth.signups-per-ip.count=10000", "moim.messages.send-burst=1000",
                "moim.social.friend-requests-per-user.count=1000", "moim.social.mentions-per-user.count=1000",
                "moim.social.notifications-kept=5"})
abstract class SocialContract {

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

    private StompClient events(User user) {
        StompClient client = StompClient.connect(port, user.accessToken());
        sockets.add(client);
        client.subscribe("/user/queue/events");
        return client;
    }

    private Response ask(User from, User to) {
        return api.post("/api/v1/friends/requests", from.accessToken(), Map.of("userId", to.id()));
    }

    private JsonNode friendEvent(StompClient client, String change, long about) {
        return client.awaitEvent("friend", e -> e.path("change").asString().equals(change)
                && e.path("user").path("id").asLong() == about);
    }

    private List<Long> ids(Response list, String path) {
        assertThat(list.status()).as(list.toString()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        list.body().forEach(n -> ids.add(path.isEmpty() ? n.path("id").asLong() : n.path(path).path("id").asLong()));
        return ids;
    }

    @Test
    void aFriendRequestIsAcceptedWithLiveEventsAndNotificationsOnBothSides() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        StompClient minjiEvents = events(minji);
        StompClient joonEvents = events(joon);

        Response asked = ask(minji, joon);
        assertThat(asked.status()).as(asked.toString()).isEqualTo(200);
        assertThat(asked.body().path("state").asString()).isEqualTo("REQUESTED");
        friendEvent(joonEvents, "request_received", minji.id());
        friendEvent(minjiEvents, "request_sent", joon.id());
        JsonNode note = joonEvents.awaitEvent("notification");
        assertThat(note.path("notification").path("kind").asString()).isEqualTo("FRIEND_REQUEST");
        assertThat(note.path("notification").path("actor").path("nickname").asString()).isEqualTo("민지");
        assertThat(note.path("unreadCount").asLong()).isEqualTo(1);

        assertThat(ids(api.get("/api/v1/friends/requests", joon.accessToken()), "user")).containsExactly(minji.id());
        assertThat(ids(api.get("/api/v1/friends/requests?direction=outgoing", minji.accessToken()), "user")).containsExactly(joon.id());
        // Asking again changes nothing.
        assertThat(ask(minji, joon).body().path("state").asString()).isEqualTo("REQUESTED");

        Response accepted = api.post("/api/v1/friends/requests/" + minji.id() + "/accept", joon.accessToken(), null);
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(200);
        friendEvent(minjiEvents, "added", joon.id());
        friendEvent(joonEvents, "added", minji.id());
        assertThat(minjiEvents.awaitEvent("notification").path("notification").path("kind").asString()).isEqualTo("FRIEND_ACCEPTED");

        Response friends = api.get("/api/v1/friends", minji.accessToken());
        assertThat(ids(friends, "")).containsExactly(joon.id());
        assertThat(friends.body().get(0).path("online").asBoolean()).isTrue();
        assertThat(api.get("/api/v1/friends/requests", joon.accessToken()).body()).isEmpty();
        assertThat(ask(minji, joon).code()).isEqualTo("ALREADY_FRIENDS");

        assertThat(api.delete("/api/v1/friends/" + joon.id(), minji.accessToken()).status()).isEqualTo(204);
        friendEvent(joonEvents, "removed", minji.id());
        assertThat(api.get("/api/v1/friends", joon.accessToken()).body()).isEmpty();
        assertThat(api.delete("/api/v1/friends/" + joon.id(), minji.accessToken()).code()).isEqualTo("NOT_FRIENDS");
    }

    @Test
    void crossingRequestsMakeFriendsAndCancelAndDeclineAreToldToBoth() {
        User a = api.newUser("가");
        User b = api.newUser("나");
        User c = api.newUser("다");
        StompClient bEvents = events(b);
        StompClient cEvents = events(c);
        assertThat(ask(a, b).body().path("state").asString()).isEqualTo("REQUESTED");
        // b asks a back: a's request is taken as the answer.
        assertThat(ask(b, a).body().path("state").asString()).isEqualTo("FRIENDS");
        assertThat(ids(api.get("/api/v1/friends", a.accessToken()), "")).containsExactly(b.id());

        ask(a, c);
        friendEvent(cEvents, "request_received", a.id());
        assertThat(api.delete("/api/v1/friends/requests/" + c.id(), a.accessToken()).status()).isEqualTo(204);
        friendEvent(cEvents, "request_cancelled", a.id());
        assertThat(api.delete("/api/v1/friends/requests/" + c.id(), a.accessToken()).code()).isEqualTo("FRIEND_REQUEST_NOT_FOUND");

        ask(c, b);
        friendEvent(bEvents, "request_received", c.id());
        assertThat(api.post("/api/v1/friends/requests/" + c.id() + "/decline", b.accessToken(), null).status()).isEqualTo(204);
        friendEvent(cEvents, "request_declined", b.id());
        assertThat(api.post("/api/v1/friends/requests/" + c.id() + "/accept", b.accessToken(), null).code())
                .isEqualTo("FRIEND_REQUEST_NOT_FOUND");

        assertThat(ask(a, a).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.post("/api/v1/friends/requests", a.accessToken(), Map.of("userId", 987_654_321L)).code())
                .isEqualTo("USER_NOT_FOUND");
    }

    @Test
    void racingRequestsBetweenTwoPeopleEndInOneFriendship() {
        for (int round = 0; round < 5; round++) {
            User a = api.newUser("a" + round);
            User b = api.newUser("b" + round);
            CompletableFuture<Response> one = CompletableFuture.supplyAsync(() -> ask(a, b));
            CompletableFuture<Response> two = CompletableFuture.supplyAsync(() -> ask(b, a));
            List<String> states = List.of(one.join().body().path("state").asString(), two.join().body().path("state").asString());
            assertThat(states).containsExactlyInAnyOrder("REQUESTED", "FRIENDS");
            assertThat(ids(api.get("/api/v1/friends", a.accessToken()), "")).containsExactly(b.id());
            assertThat(ids(api.get("/api/v1/friends", b.accessToken()), "")).containsExactly(a.id());
            assertThat(api.get("/api/v1/friends/requests", a.accessToken()).body()).isEmpty();
            assertThat(api.get("/api/v1/friends/requests", b.accessToken()).body()).isEmpty();
        }
    }

    @Test
    void aBlockedPersonCannotMessageInviteOrSeeTheBlockerAndIsNotToldWhy() {
        User minji = api.newUser("민지");
        User pest = api.newUser("귀찮은");
        User joon = api.newUser("준");
        long dm = api.direct(pest, minji);
        long group = api.group(pest, "모임", joon);
        long minjisGroup = api.group(minji, "민지네", pest);
        ask(minji, pest);
        api.post("/api/v1/friends/requests/" + minji.id() + "/accept", pest.accessToken(), null);
        StompClient pestEvents = events(pest);
        events(minji);

        assertThat(api.put("/api/v1/blocks/" + pest.id(), minji.accessToken(), Map.of()).status()).isEqualTo(204);
        // The friendship ends as it would if she removed him; nothing says "blocked".
        friendEvent(pestEvents, "removed", minji.id());
        assertThat(ids(api.get("/api/v1/blocks", minji.accessToken()), "")).containsExactly(pest.id());

        Response message = api.sendRest(pest, dm, UUID.randomUUID().toString(), "왜 답이 없어?");
        assertThat(message.code()).isEqualTo("OPERATION_NOT_ALLOWED");
        assertThat(message.body().path("detail").asString()).doesNotContainIgnoringCase("block");
        assertThat(api.post("/api/v1/rooms/" + group + "/members", pest.accessToken(), Map.of("userIds", List.of(minji.id())))
                .code()).isEqualTo("OPERATION_NOT_ALLOWED");
        assertThat(api.post("/api/v1/rooms", pest.accessToken(),
                Map.of("type", "GROUP", "name", "또", "memberIds", List.of(minji.id()))).code()).isEqualTo("OPERATION_NOT_ALLOWED");
        // Online, but not to him: in profiles, searches, member lists and the direct room's peer.
        assertThat(api.get("/api/v1/users/" + minji.id(), pest.accessToken()).body().path("online").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/users/" + minji.id(), joon.accessToken()).body().path("online").asBoolean()).isTrue();
        for (JsonNode m : api.get("/api/v1/rooms/" + minjisGroup + "/members", pest.accessToken()).body()) {
            if (m.path("id").asLong() == minji.id()) {
                assertThat(m.path("online").asBoolean()).isFalse();
                assertThat(m.path("lastSeenAt").isNull()).isTrue();
            }
        }
        assertThat(api.room(pest, dm).path("peer").path("online").asBoolean()).isFalse();
        // His friend request is taken but never shown to her.
        assertThat(ask(pest, minji).body().path("state").asString()).isEqualTo("REQUESTED");
        assertThat(api.get("/api/v1/friends/requests", minji.accessToken()).body()).isEmpty();
        // She can still write to him, and cannot befriend him while she blocks him.
        assertThat(api.sendRest(minji, dm, UUID.randomUUID().toString(), "그만해").status()).isEqualTo(201);
        assertThat(ask(minji, pest).code()).isEqualTo("OPERATION_NOT_ALLOWED");

        assertThat(api.delete("/api/v1/blocks/" + pest.id(), minji.accessToken()).status()).isEqualTo(204);
        assertThat(api.sendRest(pest, dm, UUID.randomUUID().toString(), "미안").status()).isEqualTo(201);
        assertThat(api.get("/api/v1/blocks", minji.accessToken()).body()).isEmpty();
    }

    @Test
    void suggestionsArePeopleFromSharedRoomsMostSharedFirst() {
        User me = api.newUser("나");
        User often = api.newUser("자주");
        User once = api.newUser("한번");
        User friend = api.newUser("친구");
        User blocked = api.newUser("차단");
        api.group(me, "하나", often, once, friend, blocked);
        api.group(me, "둘", often);
        ask(me, friend);
        api.post("/api/v1/friends/requests/" + me.id() + "/accept", friend.accessToken(), null);
        api.put("/api/v1/blocks/" + blocked.id(), me.accessToken(), Map.of());

        Response suggestions = api.get("/api/v1/friends/suggestions", me.accessToken());
        assertThat(ids(suggestions, "user")).containsExactly(often.id(), once.id());
        assertThat(suggestions.body().get(0).path("sharedRooms").asInt()).isEqualTo(2);
    }

    @Test
    void friendsSeeEachOtherComeOnlineWithoutSharingARoom() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        ask(minji, joon);
        api.post("/api/v1/friends/requests/" + minji.id() + "/accept", joon.accessToken(), null);
        StompClient minjiEvents = events(minji);
        StompClient joonSocket = events(joon);
        JsonNode online = minjiEvents.awaitEvent("friends_presence", e -> e.path("users").get(0).path("userId").asLong() == joon.id()
                && e.path("users").get(0).path("online").asBoolean());
        assertThat(online.path("users")).hasSize(1);
        joonSocket.close();
        minjiEvents.awaitEvent("friends_presence", e -> e.path("users").get(0).path("userId").asLong() == joon.id()
                && !e.path("users").get(0).path("online").asBoolean());
    }

    @Test
    void mentionsInvitationsKicksAndNewOwnersBecomeNotifications() {
        User owner = api.newUser("방장");
        User kim = api.newUser("철수");
        // A nickname with a space in it, which a mention must still match whole.
        assertThat(api.patch("/api/v1/users/me", kim.accessToken(), Map.of("nickname", "김 철수")).status()).isEqualTo(200);
        User kimmy = api.newUser("김");
        User lee = api.newUser("이영희");
        StompClient kimEvents = events(kim);
        StompClient leeEvents = events(lee);
        long room = api.group(owner, "공지방", kim, kimmy);
        JsonNode invited = kimEvents.awaitEvent("notification", e -> e.path("notification").path("kind").asString().equals("INVITED"));
        assertThat(invited.path("notification").path("roomId").asLong()).isEqualTo(room);
        assertThat(invited.path("notification").path("text").asString()).isEqualTo("공지방");
        assertThat(invited.path("notification").path("actor").path("id").asLong()).isEqualTo(owner.id());

        // "@김 철수" is the longer nickname that fits; "@김" alone names the other; a mention of a stranger is text.
        Response sent = api.sendRest(owner, room, UUID.randomUUID().toString(), "@김 철수 님, @김 그리고 @이영희 확인해 주세요");
        assertThat(sent.status()).isEqualTo(201);
        List<Long> mentions = new ArrayList<>();
        sent.body().path("mentions").forEach(n -> mentions.add(n.asLong()));
        assertThat(mentions).containsExactly(kim.id(), kimmy.id());
        JsonNode mention = kimEvents.awaitEvent("notification", e -> e.path("notification").path("kind").asString().equals("MENTION"));
        assertThat(mention.path("notification").path("seq").asLong()).isEqualTo(sent.body().path("seq").asLong());
        assertThat(mention.path("notification").path("text").asString()).startsWith("@김 철수 님");

        assertThat(api.post("/api/v1/rooms/" + room + "/members", owner.accessToken(), Map.of("userIds", List.of(lee.id())))
                .status()).isEqualTo(204);
        leeEvents.awaitEvent("notification", e -> e.path("notification").path("kind").asString().equals("INVITED"));
        assertThat(api.delete("/api/v1/rooms/" + room + "/members/" + lee.id(), owner.accessToken()).status()).isEqualTo(204);
        leeEvents.awaitEvent("notification", e -> e.path("notification").path("kind").asString().equals("KICKED"));
        assertThat(api.post("/api/v1/rooms/" + room + "/leave", owner.accessToken(), null).status()).isEqualTo(204);
        JsonNode owned = kimEvents.awaitEvent("notification", e -> e.path("notification").path("kind").asString().equals("NEW_OWNER"));
        assertThat(owned.path("notification").path("roomId").asLong()).isEqualTo(room);
    }

    @Test
    void notificationsAreListedPagedReadAndTrimmedWithALiveBadge() {
        User minji = api.newUser("민지");
        StompClient minjiEvents = events(minji);
        StompClient otherDevice = events(minji);
        List<User> askers = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            User asker = api.newUser("친구" + i);
            askers.add(asker);
            ask(asker, minji);
        }
        // Kept: the newest five (moim.social.notifications-kept in this test).
        await("all seven told").until(() -> api.get("/api/v1/notifications/unread-count", minji.accessToken())
                .body().path("unreadCount").asLong() == 5);
        Response first = api.get("/api/v1/notifications?limit=3", minji.accessToken());
        assertThat(first.body().path("notifications")).hasSize(3);
        assertThat(first.body().path("notifications").get(0).path("actor").path("id").asLong()).isEqualTo(askers.get(6).id());
        long before = first.body().path("nextBefore").asLong();
        Response second = api.get("/api/v1/notifications?limit=3&before=" + before, minji.accessToken());
        assertThat(second.body().path("notifications")).hasSize(2);
        assertThat(second.body().path("nextBefore").isNull()).isTrue();

        long newest = first.body().path("notifications").get(0).path("id").asLong();
        Response read = api.post("/api/v1/notifications/" + newest + "/read", minji.accessToken(), null);
        assertThat(read.body().path("unreadCount").asLong()).isEqualTo(4);
        assertThat(otherDevice.awaitEvent("notifications_read").path("unreadCount").asLong()).isEqualTo(4);
        assertThat(api.get("/api/v1/notifications?unreadOnly=true", minji.accessToken()).body().path("notifications")).hasSize(4);
        assertThat(api.post("/api/v1/notifications/read-all", minji.accessToken(), null).body().path("unreadCount").asLong()).isZero();
        minjiEvents.awaitEvent("notifications_read", e -> e.path("unreadCount").asLong() == 0 && e.path("id").isNull());
        assertThat(api.get("/api/v1/notifications?unreadOnly=true", minji.accessToken()).body().path("notifications")).isEmpty();

        User other = api.newUser("남");
        assertThat(api.post("/api/v1/notifications/" + newest + "/read", other.accessToken(), null).code())
                .isEqualTo("NOTIFICATION_NOT_FOUND");
        assertThat(api.get("/api/v1/notifications?limit=0", minji.accessToken()).code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void roomsAreMutedPerMemberAndDoNotDisturbIsValidated() {
        User minji = api.newUser("민지");
        User stranger = api.newUser("남");
        long room = api.group(minji, "조용히");
        assertThat(api.put("/api/v1/rooms/" + room + "/mute", minji.accessToken(), Map.of("muted", true)).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/users/me/muted-rooms", minji.accessToken()).body().get(0).asLong()).isEqualTo(room);
        assertThat(api.put("/api/v1/rooms/" + room + "/mute", stranger.accessToken(), Map.of("muted", true)).code())
                .isEqualTo("NOT_A_MEMBER");
        assertThat(api.put("/api/v1/rooms/" + room + "/mute", minji.accessToken(), Map.of("muted", false)).status()).isEqualTo(204);
        assertThat(api.get("/api/v1/users/me/muted-rooms", minji.accessToken()).body()).isEmpty();

        Response set = api.put("/api/v1/users/me/do-not-disturb", minji.accessToken(),
                Map.of("enabled", true, "start", "22:30", "end", "07:00", "timeZone", "Asia/Seoul"));
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
        assertThat(api.get("/api/v1/users/me/do-not-disturb", minji.accessToken()).body().path("start").asString()).isEqualTo("22:30");
        assertThat(api.put("/api/v1/users/me/do-not-disturb", minji.accessToken(),
                Map.of("enabled", true, "start", "25:00", "end", "07:00", "timeZone", "Asia/Seoul")).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.put("/api/v1/users/me/do-not-disturb", minji.accessToken(),
                Map.of("enabled", true, "start", "22:00", "end", "07:00", "timeZone", "Mars/Olympus")).code()).isEqualTo("VALIDATION_FAILED");
    }
}
