package dev.moim;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.RawHttp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests of the wrong shape, at the edges REST clients rarely reach: JSON types, streamed bodies, raw paths. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestShapeTest {

    @LocalServerPort
    int port;

    Api api;
    RawHttp raw;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "shape-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @BeforeEach
    void setUp() {
        api = new Api(port);
        raw = new RawHttp(port);
    }

    @Test
    void numbersAndBooleansAreNotText() {
        User ara = api.newUser("Ara");
        User bora = api.newUser("Bora");
        long roomId = api.group(ara, "types", bora);
        String messages = "/api/v1/rooms/" + roomId + "/messages";

        for (String body : new String[] {"{\"content\":123}", "{\"content\":true}", "{\"content\":1.5}",
                "{\"clientMsgId\":7,\"content\":\"hi\"}"}) {
            Response refused = raw.json("POST", messages, ara.accessToken(), body);
            assertThat(refused.status()).as(body).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("MALFORMED_REQUEST");
            assertThat(refused.contentType()).startsWith("application/problem+json");
        }
        assertThat(raw.json("PATCH", "/api/v1/users/me", ara.accessToken(), "{\"nickname\":42}").code())
                .isEqualTo("MALFORMED_REQUEST");
        assertThat(raw.json("POST", "/api/v1/auth/signup", null,
                "{\"email\":\"types@example.com\",\"password\":\"correct horse\",\"nickname\":false}").code())
                .isEqualTo("MALFORMED_REQUEST");
        assertThat(raw.json("POST", "/api/v1/rooms", ara.accessToken(),
                "{\"type\":1,\"name\":\"by number\",\"memberIds\":[" + bora.id() + "]}").code()).isEqualTo("MALFORMED_REQUEST");

        // None of it was stored: no message, the nickname as it was, no account, no second room.
        assertThat(api.history(ara, roomId, "afterSeq=1")).isEmpty();
        assertThat(api.get("/api/v1/users/me", ara.accessToken()).body().path("nickname").asString()).isEqualTo("Ara");
        assertThat(api.post("/api/v1/auth/login", null, Map.of("email", "types@example.com", "password", "correct horse"))
                .code()).isEqualTo("INVALID_CREDENTIALS");
        assertThat(api.get("/api/v1/rooms", ara.accessToken()).body()).hasSize(1);
    }

    @Test
    void aStreamedBodyIsHeldToTheSizeLimitWhileItIsRead() {
        User ara = api.newUser("Ara");
        User bora = api.newUser("Bora");
        long roomId = api.group(ara, "chunked", bora);
        String messages = "/api/v1/rooms/" + roomId + "/messages";

        // 3 MiB of whitespace, then a valid message: valid JSON, but three times the limit, and no Content-Length.
        byte[] padding = new byte[3 * 1024 * 1024];
        Arrays.fill(padding, (byte) ' ');
        Response refused = raw.postStreamed(messages, ara.accessToken(), () -> new SequenceInputStream(
                new ByteArrayInputStream(padding), utf8("{\"clientMsgId\":\"big\",\"content\":\"hidden in whitespace\"}")));
        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.code()).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(refused.contentType()).startsWith("application/problem+json");

        // A small streamed body is read as usual.
        Response small = raw.postStreamed(messages, ara.accessToken(),
                () -> utf8("{\"clientMsgId\":\"small\",\"content\":\"streamed\"}"));
        assertThat(small.status()).isEqualTo(201);
        assertThat(api.history(ara, roomId, "afterSeq=1").findValues("clientMsgId").stream().map(JsonNode::asString))
                .containsExactly("small");
    }

    @Test
    void pathsTheContainerOrTheFirewallRefuseGetAProblemToo() {
        for (String target : new String[] {"/api/v1/..%2f..%2fetc", "/api/v1/rooms/..%2f1", "/api/v1/rooms/%2e%2e%2f1",
                "/api/v1/rooms/%zz", "/api/v1/rooms/1%00", "/api/v1/rooms//1", "/api/v1/rooms/1;x=1"}) {
            Response refused = raw.rawGet(target, Map.of());
            assertThat(refused.status()).as(target).isEqualTo(400);
            assertThat(refused.contentType()).as(target).startsWith("application/problem+json");
            assertThat(refused.code()).as(target).isEqualTo("MALFORMED_REQUEST");
            assertThat(refused.body().path("status").asInt()).isEqualTo(400);
        }
    }

    private static InputStream utf8(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
