package dev.moim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One rule for text on every store: a NUL, another control character (except tab and line breaks) or an unpaired
 * surrogate is refused with VALIDATION_FAILED naming the field, wherever text enters; everything else is stored
 * exactly. Bodies are written by hand so that they carry the escapes a serializer would never produce.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class TextInputContract {

    /** JSON escapes, as they travel on the wire. */
    private static final String NUL = "\\u0000";
    private static final String LONE_HIGH = "\\ud83d";
    private static final String LONE_LOW = "\\udc4b";
    private static final String BELL = "\\u0007";

    @LocalServerPort
    int port;

    Api api;
    RawHttp raw;

    @BeforeEach
    void setUp() {
        api = new Api(port);
        raw = new RawHttp(port);
    }

    @Test
    void badTextIsRefusedWhereverItEntersAndEverythingElseIsStoredExactly() {
        User ara = api.newUser("Ara");
        User bora = api.newUser("Bora");
        long roomId = api.group(ara, "text", bora);
        String messages = "/api/v1/rooms/" + roomId + "/messages";

        for (String bad : new String[] {NUL, LONE_HIGH, LONE_LOW, BELL, "a" + LONE_HIGH + "b"}) {
            assertRefused(raw.json("POST", "/api/v1/auth/signup", null,
                    "{\"email\":\"text-" + System.nanoTime() + "@example.com\",\"password\":\"correct horse\",\"nickname\":\"Mi" + bad + "na\"}"),
                    "nickname");
            assertRefused(raw.json("POST", "/api/v1/auth/signup", null,
                    "{\"email\":\"text-" + System.nanoTime() + "@example.com\",\"password\":\"correct" + bad + "horse\",\"nickname\":\"Mina\"}"),
                    "password");
            assertRefused(raw.json("POST", "/api/v1/auth/login", null,
                    "{\"email\":\"" + bad + ara.email() + "\",\"password\":\"correct horse\"}"), "email");
            assertRefused(raw.json("PATCH", "/api/v1/users/me", ara.accessToken(), "{\"nickname\":\"A" + bad + "\"}"), "nickname");
            assertRefused(raw.json("PATCH", "/api/v1/users/me", ara.accessToken(), "{\"statusMessage\":\"busy" + bad + "\"}"),
                    "statusMessage");
            assertRefused(raw.json("POST", "/api/v1/rooms", ara.accessToken(),
                    "{\"type\":\"GROUP\",\"name\":\"club" + bad + "\",\"memberIds\":[" + bora.id() + "]}"), "name");
            assertRefused(raw.json("POST", messages, ara.accessToken(),
                    "{\"clientMsgId\":\"c-1\",\"content\":\"hi" + bad + "there\"}"), "content");
            assertRefused(raw.json("POST", messages, ara.accessToken(),
                    "{\"clientMsgId\":\"c" + bad + "\",\"content\":\"hi\"}"), "clientMsgId");
        }
        // A query parameter: %00 decodes to NUL.
        Response search = api.get("/api/v1/users?q=Bo%00ra", ara.accessToken());
        assertThat(search.status()).as("search: %s", search).isEqualTo(400);
        assertThat(search.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(search.body().path("fields").has("q")).isTrue();

        // An edit is held to the same rule.
        assertThat(api.sendRest(ara, roomId, "ok-1", "fine").status()).isEqualTo(201);
        assertRefused(raw.json("PATCH", messages + "/2", ara.accessToken(), "{\"content\":\"x" + NUL + "\"}"), "content");

        // Nothing of the refused text was stored anywhere.
        assertThat(api.history(ara, roomId, "afterSeq=1").findValues("content").stream().map(JsonNode::asString))
                .containsExactly("fine");
        JsonNode me = api.get("/api/v1/users/me", ara.accessToken()).body();
        assertThat(me.path("nickname").asString()).isEqualTo("Ara");
        assertThat(me.path("statusMessage").isNull() || me.path("statusMessage").asString().isEmpty()).isTrue();
        assertThat(api.get("/api/v1/rooms", ara.accessToken()).body()).hasSize(1);

        // Tabs and line breaks, an emoji (a surrogate pair), Korean, and characters PostgreSQL keeps as they are.
        String content = "line one\n\tline two\r\nwave 👋 안녕 \u007f \u0085 \ufeff end";
        Response sent = api.sendRest(ara, roomId, "exact-1", content);
        assertThat(sent.status()).isEqualTo(201);
        assertThat(sent.body().path("content").asString()).isEqualTo(content);
        assertThat(api.history(bora, roomId, "afterSeq=2").get(0).path("content").asString()).isEqualTo(content);

        Response profile = api.patch("/api/v1/users/me", ara.accessToken(), Map.of("nickname", "Ara 🌸", "statusMessage", "여행 중\t✈️"));
        assertThat(profile.status()).isEqualTo(200);
        JsonNode changed = api.get("/api/v1/users/me", ara.accessToken()).body();
        assertThat(changed.path("nickname").asString()).isEqualTo("Ara 🌸");
        assertThat(changed.path("statusMessage").asString()).isEqualTo("여행 중\t✈️");
        assertThat(api.get("/api/v1/users?q=" + URLEncoder.encode("🌸", StandardCharsets.UTF_8),
                bora.accessToken()).body().findValues("id").stream().map(JsonNode::asLong)).contains(ara.id());
    }

    private static void assertRefused(Response response, String field) {
        assertThat(response.status()).as("%s: %s", field, response).isEqualTo(400);
        assertThat(response.code()).isEqualTo("VALIDATION_FAILED");
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.body().path("fields").has(field)).as("fields of %s", response).isTrue();
    }
}
