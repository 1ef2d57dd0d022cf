package dev.moim;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.moim.support.Api;
import dev.moim.support.Frame;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One server shared by the tests of what a client may and may not do (issue 6): small socket limits, so that a test
 * reaches them in a few frames, and a signing key generated for this run, so that a test can forge its own tokens.
 * Every subclass declares nothing of its own, so they all share one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "moim.realtime.max-sessions-per-user=3",
        "moim.realtime.max-subscriptions-per-session=6",
        // Every test here signs up its own users from 127.0.0.1; the sign-up limit has its own tests.
        "moim.auth.signups-per-ip.count=10000"})
abstract class TrustTestServer {

    static final int MAX_SESSIONS = 3;
    static final int MAX_SUBSCRIPTIONS = 6;

    /** The server's HMAC key for this run; never stored anywhere. */
    static final byte[] SIGNING_KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(SIGNING_KEY);
    }

    @LocalServerPort
    int port;

    Api api;

    private final List<StompClient> clients = new ArrayList<>();

    @DynamicPropertySource
    static void server(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "trust-" + UUID.randomUUID()).toAbsolutePath().toString());
        registry.add("moim.auth.jwt-secret", () -> Base64.getEncoder().encodeToString(SIGNING_KEY));
    }

    @BeforeEach
    void setUpApi() {
        api = new Api(port);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(StompClient::close);
        clients.clear();
    }

    /** A connected client, closed after the test. */
    StompClient connect(Api.User user) {
        return track(StompClient.connect(port, user.accessToken()));
    }

    /** An open socket that has not sent CONNECT, closed after the test. */
    StompClient open() {
        return track(StompClient.open(port));
    }

    StompClient track(StompClient client) {
        clients.add(client);
        return client;
    }

    static Frame awaitError(StompClient client) {
        return client.await(f -> f.command().equals("ERROR"), StompClient.WAIT);
    }

    /** The `error` personal event answering the frame that carried this receipt id. */
    static Frame awaitRefusal(StompClient client, String receiptId) {
        return client.await(f -> f.isEvent("error") && receiptId.equals(f.json().path("receiptId").asString()),
                StompClient.WAIT);
    }

    static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }
}
