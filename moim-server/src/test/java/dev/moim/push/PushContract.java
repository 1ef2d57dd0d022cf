package dev.moim.push;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.moim.config.MoimProperties;
import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.Json;
import dev.moim.support.PushServiceStub;
import dev.moim.support.PushServiceStub.Device;
import dev.moim.support.PushServiceStub.Push;
import dev.moim.support.RawHttp;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * Web Push end to end, on each store: browsers subscribe over REST, {@link PushService#send} pushes, and a real
 * push service on 127.0.0.1 ({@link PushServiceStub}) checks the VAPID JWT and decrypts what it got as the
 * browser would. Gone subscriptions are forgotten, and every bad subscription gets a typed error and stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"moim.auth.signups-per-ip.count=10000", "moim.push.allowed-hosts=127.0.0.1",
                "moim.push.subject=" + PushContract.SUBJECT, "moim.push.max-subscriptions-per-user=3"})
abstract class PushContract {

    static final String SUBJECT = "mailto:ops@moim.example";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String SUBSCRIPTIONS = "/api/v1/push/subscriptions";

    @LocalServerPort
    int port;

    @Autowired
    PushService push;

    @Autowired
    PushStore store;

    @Autowired
    MeterRegistry meters;

    Api api;
    RawHttp raw;
    /** A browser vendor's push service; any port on 127.0.0.1 is allowed, so each test has one of its own. */
    PushServiceStub pushService;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        raw = new RawHttp(port);
        pushService = PushServiceStub.start(SUBJECT);
    }

    @AfterEach
    void stopPushService() {
        pushService.close();
    }

    @Test
    void aSubscribedBrowserGetsThePushItCanDecryptWithTheRightHeaders() {
        User ara = api.newUser("Ara");
        User bora = api.newUser("Bora");
        User chan = api.newUser("Chan");
        Device phone = pushService.newDevice();
        Device laptop = pushService.newDevice();
        Device tablet = pushService.newDevice();
        assertThat(subscribe(ara, phone).status()).isEqualTo(201);
        assertThat(subscribe(ara, laptop).status()).isEqualTo(201);
        assertThat(subscribe(bora, tablet).status()).isEqualTo(201);

        Response key = api.get("/api/v1/push/vapid-public-key", ara.accessToken());
        assertThat(key.status()).isEqualTo(200);
        String publicKey = key.body().path("publicKey").asString();
        byte[] point = Base64.getUrlDecoder().decode(publicKey);
        assertThat(point).hasSize(65);
        assertThat(point[0]).isEqualTo((byte) 4);
        assertThat(api.get("/api/v1/push/vapid-public-key", bora.accessToken()).body().path("publicKey").asString())
                .isEqualTo(publicKey);

        assertThat(push.hasSubscriptions(ara.id())).isTrue();
        assertThat(push.hasSubscriptions(chan.id())).isFalse();
        assertThat(push.withSubscriptions(List.of(ara.id(), bora.id(), chan.id()))).containsExactlyInAnyOrder(ara.id(), bora.id());

        // What the owner sees: the push service and when, never the endpoint or the keys.
        JsonNode mine = api.get(SUBSCRIPTIONS, ara.accessToken()).body().path("subscriptions");
        assertThat(mine).hasSize(2);
        for (JsonNode subscription : mine) {
            assertThat(subscription.path("origin").asString()).isEqualTo(pushService.origin());
            assertThat(Instant.parse(subscription.path("createdAt").asString())).isBefore(Instant.now().plusSeconds(1));
            assertThat(subscription.has("endpoint") || subscription.has("keys") || subscription.has("p256dh")).isFalse();
        }

        String json = "{\"type\":\"message\",\"roomId\":12,\"seq\":7,\"preview\":\"토요일 9시 등산 🌄\"}";
        push.send(ara.id(), new PushMessage("room-12", json, Duration.ofHours(1), PushMessage.Urgency.HIGH));
        for (Device device : List.of(phone, laptop)) {
            Push received = pushService.next(device, WAIT);
            assertThat(received.problem()).as("what the push service found wrong").isNull();
            assertThat(received.json()).isEqualTo(json);
            assertThat(received.header("TTL")).isEqualTo("3600");
            assertThat(received.header("Topic")).isEqualTo("room-12");
            assertThat(received.header("Urgency")).isEqualTo("high");
            assertThat(received.header("Content-Encoding")).isEqualTo("aes128gcm");
            assertThat(received.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(received.k()).isEqualTo(publicKey);
            assertThat(received.claims().path("aud").asString()).isEqualTo(pushService.origin());
            assertThat(received.claims().path("sub").asString()).isEqualTo(SUBJECT);
        }

        // Bora's push goes to Bora's browser alone.
        push.send(bora.id(), new PushMessage(null, "{\"n\":1}", Duration.ZERO, PushMessage.Urgency.VERY_LOW));
        Push toBora = pushService.next(tablet, WAIT);
        assertThat(toBora.problem()).isNull();
        assertThat(toBora.json()).isEqualTo("{\"n\":1}");
        assertThat(toBora.header("TTL")).isEqualTo("0");
        assertThat(toBora.header("Topic")).isNull();
        assertThat(toBora.header("Urgency")).isEqualTo("very-low");
        assertThat(store.ofUser(bora.id())).extracting(PushStore.Subscription::endpoint).containsExactly(tablet.endpoint());
        push.send(ara.id(), new PushMessage("room-12", "{\"n\":2}", Duration.ofMinutes(5), PushMessage.Urgency.NORMAL));
        assertThat(pushService.next(phone, WAIT).json()).isEqualTo("{\"n\":2}");
        assertThat(pushService.next(laptop, WAIT).json()).isEqualTo("{\"n\":2}");

        JsonNode paths = api.get("/v3/api-docs", null).body().path("paths");
        assertThat(paths.has("/api/v1/push/subscriptions") && paths.has("/api/v1/push/vapid-public-key")).isTrue();

        // Another node reads the same key from the database, so it signs as this one does.
        assertThat(new VapidKeys(store, "", "", SUBJECT).publicKey()).isEqualTo(publicKey);
    }

    @Test
    void aBrowserThePushServiceCallsGoneIsForgottenAndOtherFailuresKeepIt() {
        User ara = api.newUser("Ara");
        Device phone = pushService.newDevice();
        Device laptop = pushService.newDevice();
        Device tablet = pushService.newDevice();
        subscribe(ara, phone);
        subscribe(ara, laptop);
        subscribe(ara, tablet);
        pushService.answer(phone, 410);
        pushService.answer(laptop, 404);
        pushService.answer(tablet, 503);
        double goneBefore = count("moim.push.subscriptions.removed", "gone");
        double unavailableBefore = count("moim.push.failed", "unavailable");

        push.send(ara.id(), new PushMessage("room-1", "{\"x\":1}", Duration.ofHours(1), PushMessage.Urgency.NORMAL));
        for (Device device : List.of(phone, laptop, tablet)) {
            assertThat(pushService.next(device, WAIT).problem()).isNull();
        }
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(store.ofUser(ara.id())).extracting(PushStore.Subscription::endpoint).containsExactly(tablet.endpoint());
            assertThat(count("moim.push.subscriptions.removed", "gone")).isEqualTo(goneBefore + 2);
            assertThat(count("moim.push.failed", "unavailable")).isEqualTo(unavailableBefore + 1);
        });
        assertThat(api.get(SUBSCRIPTIONS, ara.accessToken()).body().path("subscriptions")).hasSize(1);

        pushService.answer(tablet, 410);
        push.send(ara.id(), new PushMessage("room-1", "{\"x\":2}", Duration.ofHours(1), PushMessage.Urgency.NORMAL));
        await().atMost(WAIT).until(() -> !push.hasSubscriptions(ara.id()));
        assertThat(api.get(SUBSCRIPTIONS, ara.accessToken()).body().path("subscriptions")).isEmpty();
    }

    @Test
    void subscribingAnEndpointAgainReplacesItsKeysAndItsUser() {
        User ara = api.newUser("Ara");
        User bora = api.newUser("Bora");
        Device shared = pushService.newDevice();
        assertThat(subscribe(ara, shared).status()).isEqualTo(201);
        Device renewed = pushService.renewKeys(shared);
        assertThat(subscribe(ara, renewed).status()).isEqualTo(200);
        assertThat(store.ofUser(ara.id())).hasSize(1);

        // Bora logs in on the same browser and subscribes it: from now on it is Bora's.
        Device borasNow = pushService.renewKeys(renewed);
        Response moved = subscribe(bora, borasNow);
        assertThat(moved.status()).isEqualTo(200);
        assertThat(moved.body().path("origin").asString()).isEqualTo(pushService.origin());
        assertThat(push.hasSubscriptions(ara.id())).isFalse();
        assertThat(api.get(SUBSCRIPTIONS, ara.accessToken()).body().path("subscriptions")).isEmpty();
        assertThat(api.get(SUBSCRIPTIONS, bora.accessToken()).body().path("subscriptions")).hasSize(1);

        // Encrypted to the newest keys, which the browser holds.
        push.send(bora.id(), new PushMessage("dm-3", "{\"to\":\"Bora\"}", Duration.ofHours(1), PushMessage.Urgency.HIGH));
        Push received = pushService.next(borasNow, WAIT);
        assertThat(received.problem()).isNull();
        assertThat(received.json()).isEqualTo("{\"to\":\"Bora\"}");
    }

    @Test
    void pastTheCapTheOldestSubscriptionGoes() {
        User ara = api.newUser("Ara");
        List<Device> devices = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Device device = pushService.newDevice();
            devices.add(device);
            assertThat(subscribe(ara, device).status()).isEqualTo(201);
        }
        assertThat(store.ofUser(ara.id())).extracting(PushStore.Subscription::endpoint)
                .containsExactly(devices.get(3).endpoint(), devices.get(2).endpoint(), devices.get(1).endpoint());
        assertThat(api.get(SUBSCRIPTIONS, ara.accessToken()).body().path("subscriptions")).hasSize(3);

        // Subscribing the oldest again makes it the newest, and the next oldest goes.
        assertThat(subscribe(ara, pushService.renewKeys(devices.get(1))).status()).isEqualTo(200);
        assertThat(subscribe(ara, devices.get(0)).status()).isEqualTo(201);
        assertThat(store.ofUser(ara.id())).extracting(PushStore.Subscription::endpoint)
                .containsExactly(devices.get(0).endpoint(), devices.get(1).endpoint(), devices.get(3).endpoint());
    }

    @Test
    void unsubscribingRemovesOnlyYourOwn() {
        User ara = api.newUser("Ara");
        User bora = api.newUser("Bora");
        Device phone = pushService.newDevice();
        subscribe(ara, phone);

        Response strangers = raw.json("DELETE", SUBSCRIPTIONS, bora.accessToken(), Json.of(Map.of("endpoint", phone.endpoint())));
        assertThat(strangers.status()).isEqualTo(204);
        assertThat(push.hasSubscriptions(ara.id())).isTrue();

        assertThat(raw.json("DELETE", SUBSCRIPTIONS, ara.accessToken(), Json.of(Map.of("endpoint", phone.endpoint()))).status())
                .isEqualTo(204);
        assertThat(push.hasSubscriptions(ara.id())).isFalse();
        assertThat(raw.json("DELETE", SUBSCRIPTIONS, ara.accessToken(), Json.of(Map.of("endpoint", phone.endpoint()))).status())
                .isEqualTo(204);
        Response missing = raw.json("DELETE", SUBSCRIPTIONS, ara.accessToken(), "{}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.code()).isEqualTo("INVALID_PUSH_SUBSCRIPTION");
    }

    @Test
    void badSubscriptionsAreRefusedWithTypedErrorsAndStoreNothing() {
        User ara = api.newUser("Ara");
        Device device = pushService.newDevice();
        String p256dh = PushServiceStub.b64(device.publicKey());
        String auth = PushServiceStub.b64(device.auth());
        byte[] offCurve = device.publicKey().clone();
        offCurve[64] ^= 1;
        byte[] compressed = Arrays.copyOf(device.publicKey(), 33);
        compressed[0] = 2;

        Map<String, String> badEndpoints = new LinkedHashMap<>();
        badEndpoints.put("ftp://127.0.0.1/push/1", "INVALID_PUSH_SUBSCRIPTION");
        badEndpoints.put("http://fcm.googleapis.com/fcm/send/1", "INVALID_PUSH_SUBSCRIPTION");
        badEndpoints.put("not a url", "INVALID_PUSH_SUBSCRIPTION");
        badEndpoints.put("/push/relative", "INVALID_PUSH_SUBSCRIPTION");
        badEndpoints.put("mailto:a@example.com", "INVALID_PUSH_SUBSCRIPTION");
        badEndpoints.put("https://user:secret@127.0.0.1/push/1", "INVALID_PUSH_SUBSCRIPTION");
        badEndpoints.put("https://127.0.0.1/push/1#fragment", "INVALID_PUSH_SUBSCRIPTION");
        badEndpoints.put("https://127.0.0.1/push/é", "INVALID_PUSH_SUBSCRIPTION");
        badEndpoints.put("https://127.0.0.1/push/" + "a".repeat(1024), "INVALID_PUSH_SUBSCRIPTION");
        badEndpoints.put("", "INVALID_PUSH_SUBSCRIPTION");
        badEndpoints.put("https://push.example.com/push/1", "PUSH_SERVICE_NOT_ALLOWED");
        badEndpoints.put("https://10.0.0.5/push/1", "PUSH_SERVICE_NOT_ALLOWED");
        badEndpoints.put("http://localhost:" + port + "/actuator/search", "PUSH_SERVICE_NOT_ALLOWED");
        badEndpoints.put("https://127.0.0.1.evil.example/push/1", "PUSH_SERVICE_NOT_ALLOWED");
        badEndpoints.forEach((endpoint, code) -> assertRefused(
                api.post(SUBSCRIPTIONS, ara.accessToken(), subscription(endpoint, p256dh, auth)), code, endpoint));

        String endpoint = device.endpoint();
        Map<String, Map<String, Object>> badKeys = new LinkedHashMap<>();
        badKeys.put("off the curve", subscription(endpoint, PushServiceStub.b64(offCurve), auth));
        badKeys.put("compressed point", subscription(endpoint, PushServiceStub.b64(compressed), auth));
        badKeys.put("p256dh not base64url", subscription(endpoint, "a+b/" + p256dh.substring(4), auth));
        badKeys.put("p256dh empty", subscription(endpoint, "", auth));
        badKeys.put("auth of 15 bytes", subscription(endpoint, p256dh, PushServiceStub.b64(new byte[15])));
        badKeys.put("auth of 17 bytes", subscription(endpoint, p256dh, PushServiceStub.b64(new byte[17])));
        badKeys.put("auth missing", subscription(endpoint, p256dh, null));
        badKeys.put("no keys", Map.of("endpoint", endpoint));
        badKeys.put("no endpoint", Map.of("keys", Map.of("p256dh", p256dh, "auth", auth)));
        badKeys.forEach((what, body) -> assertRefused(api.post(SUBSCRIPTIONS, ara.accessToken(), body),
                "INVALID_PUSH_SUBSCRIPTION", what));

        Response numeric = raw.json("POST", SUBSCRIPTIONS, ara.accessToken(), "{\"endpoint\":12,\"keys\":{\"p256dh\":\""
                + p256dh + "\",\"auth\":\"" + auth + "\"}}");
        assertThat(numeric.status()).isEqualTo(400);
        assertThat(numeric.code()).isEqualTo("MALFORMED_REQUEST");
        Response notJson = raw.json("POST", SUBSCRIPTIONS, ara.accessToken(), "{endpoint");
        assertThat(notJson.code()).isEqualTo("MALFORMED_REQUEST");
        Response anonymous = api.post(SUBSCRIPTIONS, null, device.subscription());
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(api.get("/api/v1/push/vapid-public-key", null).status()).isEqualTo(401);

        assertThat(push.hasSubscriptions(ara.id())).isFalse();
        assertThat(api.get(SUBSCRIPTIONS, ara.accessToken()).body().path("subscriptions")).isEmpty();
        // The same subscription, well formed, is taken.
        assertThat(subscribe(ara, device).status()).isEqualTo(201);
    }

    @Test
    void sendingNeverWaitsAndAFullQueueDropsThePush() {
        User ara = api.newUser("Ara");
        Device phone = pushService.newDevice();
        subscribe(ara, phone);
        SimpleMeterRegistry ownMeters = new SimpleMeterRegistry();
        // A node of its own with one worker and room for one push in its queue.
        PushService small = new PushService(store, new VapidKeys(store, "", "", SUBJECT),
                new MoimProperties.Push("", "", SUBJECT, List.of("127.0.0.1"), 3, 1, 1, Duration.ofSeconds(2),
                        Duration.ofSeconds(30)), ownMeters);
        pushService.hold();
        try {
            small.send(ara.id(), message("first"));
            assertThat(pushService.next(phone, WAIT).json()).isEqualTo("{\"n\":\"first\"}");
            // The worker now waits for the push service; one push fits in the queue, the next is dropped at once.
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
                small.send(ara.id(), message("second"));
                small.send(ara.id(), message("third"));
            });
            assertThat(ownMeters.find("moim.push.dropped").counter().count()).isEqualTo(1);
        } finally {
            pushService.release();
        }
        assertThat(pushService.next(phone, WAIT).json()).isEqualTo("{\"n\":\"second\"}");
        await().atMost(WAIT).until(() -> ownMeters.find("moim.push.sent").counter().count() == 2);
        small.stop();
    }

    @Test
    void aPushServiceThatDoesNotAnswerTimesOutAndTheSubscriptionStays() {
        User ara = api.newUser("Ara");
        Device phone = pushService.newDevice();
        subscribe(ara, phone);
        SimpleMeterRegistry ownMeters = new SimpleMeterRegistry();
        PushService impatient = new PushService(store, new VapidKeys(store, "", "", SUBJECT),
                new MoimProperties.Push("", "", SUBJECT, List.of("127.0.0.1"), 3, 1, 10, Duration.ofSeconds(2),
                        Duration.ofMillis(300)), ownMeters);
        pushService.hold();
        try {
            impatient.send(ara.id(), message("late"));
            pushService.next(phone, WAIT);
            await().atMost(WAIT).until(() -> ownMeters.find("moim.push.failed").tag("reason", "timeout").counter() != null
                    && ownMeters.find("moim.push.failed").tag("reason", "timeout").counter().count() == 1);
        } finally {
            pushService.release();
            impatient.stop();
        }
        assertThat(push.hasSubscriptions(ara.id())).isTrue();
    }

    // ---- helpers ----

    private Response subscribe(User user, Device device) {
        return api.post(SUBSCRIPTIONS, user.accessToken(), device.subscription());
    }

    private static PushMessage message(String n) {
        return new PushMessage("t", "{\"n\":\"" + n + "\"}", Duration.ofMinutes(1), PushMessage.Urgency.NORMAL);
    }

    private static Map<String, Object> subscription(String endpoint, String p256dh, String auth) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("p256dh", p256dh);
        if (auth != null) {
            keys.put("auth", auth);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("endpoint", endpoint);
        body.put("keys", keys);
        return body;
    }

    private double count(String name, String reason) {
        var counter = meters.find(name).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    private static void assertRefused(Response response, String code, String what) {
        assertThat(response.status()).as("%s: %s", what, response).isEqualTo(code.equals("PUSH_SERVICE_NOT_ALLOWED") ? 422 : 400);
        assertThat(response.code()).as(what).isEqualTo(code);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }
}
