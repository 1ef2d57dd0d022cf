package dev.moim;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.User;
import dev.moim.support.Json;
import dev.moim.support.PushServiceStub;
import dev.moim.support.PushServiceStub.Device;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Web Push to members who are away, end to end: a member with a subscribed browser and no open socket gets a push
 * their browser can decrypt for a new message, unless they are connected, muted the room, or are inside their
 * do-not-disturb window; mentions also arrive as notification pushes. The push service is a real one on 127.0.0.1
 * that checks the VAPID token and decrypts as a browser does. Pushes go out in commit order from one thread, so
 * "the next push is the later message's" shows that the earlier one was not pushed, without waiting for nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"moim.auth.signups-per-ip.count=10000", "moim.push.allowed-hosts=127.0.0.1",
                "moim.push.subject=" + OfflinePushTest.SUBJECT, "moim.realtime.presence-grace=100ms",
                "moim.realtime.presence-flush=100ms"})
class OfflinePushTest {

    static final String SUBJECT = "mailto:ops@moim.example";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @LocalServerPort
    int port;

    Api api;
    PushServiceStub pushService;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "offline-push-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
        pushService = PushServiceStub.start(SUBJECT);
    }

    @AfterEach
    void tearDown() {
        pushService.close();
    }

    private Device subscribed(User user) {
        Device device = pushService.newDevice();
        assertThat(api.post("/api/v1/push/subscriptions", user.accessToken(), device.subscription()).status()).isEqualTo(201);
        return device;
    }

    private JsonNode nextPush(Device device) {
        PushServiceStub.Push push = pushService.next(device, WAIT);
        assertThat(push.problem()).as("what the push service found wrong").isNull();
        return Json.MAPPER.readTree(push.json());
    }

    private void awaitOnline(User viewer, User user, boolean online) {
        await("presence").atMost(WAIT).until(() ->
                api.get("/api/v1/users/" + user.id(), viewer.accessToken()).body().path("online").asBoolean() == online);
    }

    @Test
    void anAwayMemberIsPushedNewMessagesButNotWhileConnectedMutedOrNotToBeDisturbed() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        long busy = api.group(joon, "바쁜 방", minji);
        long muted = api.group(joon, "조용한 방", minji);
        long night = api.group(joon, "밤", minji);
        long quiet = api.group(joon, "마지막", minji);
        Device phone = subscribed(minji);

        // Away: pushed, with what a notification shows.
        assertThat(api.sendRest(joon, busy, UUID.randomUUID().toString(), "토요일 9시에 만나요").status()).isEqualTo(201);
        JsonNode first = nextPush(phone);
        assertThat(first.path("type").asString()).isEqualTo("message");
        assertThat(first.path("roomId").asLong()).isEqualTo(busy);
        assertThat(first.path("roomName").asString()).isEqualTo("바쁜 방");
        assertThat(first.path("sender").asString()).isEqualTo("준");
        assertThat(first.path("text").asString()).isEqualTo("토요일 9시에 만나요");

        // Connected: not pushed. Then away again: the next push is the later message's.
        try (StompClient socket = StompClient.connect(port, minji.accessToken())) {
            socket.subscribe("/user/queue/events");
            awaitOnline(joon, minji, true);
            assertThat(api.sendRest(joon, muted, UUID.randomUUID().toString(), "접속 중에 보낸 것").status()).isEqualTo(201);
        }
        awaitOnline(joon, minji, false);
        assertThat(api.put("/api/v1/rooms/" + muted + "/mute", minji.accessToken(), Map.of("muted", true)).status()).isEqualTo(204);
        assertThat(api.sendRest(joon, muted, UUID.randomUUID().toString(), "음소거된 방").status()).isEqualTo(201);
        assertThat(api.put("/api/v1/users/me/do-not-disturb", minji.accessToken(),
                Map.of("enabled", true, "start", "00:00", "end", "23:59", "timeZone", "UTC")).status()).isEqualTo(200);
        // Inside the window (the minute from 23:59 aside, which this message could only meet by chance: then it is
        // pushed and the assertion below names it).
        assertThat(api.sendRest(joon, night, UUID.randomUUID().toString(), "방해 금지 시간").status()).isEqualTo(201);
        assertThat(api.put("/api/v1/users/me/do-not-disturb", minji.accessToken(),
                Map.of("enabled", false, "start", "00:00", "end", "23:59", "timeZone", "UTC")).status()).isEqualTo(200);
        assertThat(api.sendRest(joon, quiet, UUID.randomUUID().toString(), "이제 보여요").status()).isEqualTo(201);

        JsonNode next = nextPush(phone);
        assertThat(next.path("text").asString()).as(next.toString()).isEqualTo("이제 보여요");
        assertThat(next.path("roomId").asLong()).isEqualTo(quiet);
    }

    @Test
    void aMentionOfAnAwayMemberIsPushedAsANotificationToo() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        long room = api.group(joon, "멘션", minji);
        Device laptop = subscribed(minji);
        assertThat(api.sendRest(joon, room, UUID.randomUUID().toString(), "@민지 이거 봐").status()).isEqualTo(201);

        // The message push and the mention's notification push, in either order.
        JsonNode one = nextPush(laptop);
        JsonNode two = nextPush(laptop);
        JsonNode notification = one.path("type").asString().equals("notification") ? one : two;
        assertThat(notification.path("type").asString()).isEqualTo("notification");
        assertThat(notification.path("kind").asString()).isEqualTo("MENTION");
        assertThat(notification.path("actor").asString()).isEqualTo("준");
        assertThat(notification.path("roomId").asLong()).isEqualTo(room);
        assertThat((one == notification ? two : one).path("type").asString()).isEqualTo("message");
    }
}
