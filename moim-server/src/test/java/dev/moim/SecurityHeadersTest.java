package dev.moim;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.UUID;

import dev.moim.support.Api;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Everything the server answers carries the browser's protections: a Content-Security-Policy that allows only this
 * server's own scripts and styles, no referrer, no framing, no sniffing, no powerful features. The web client's
 * browser tests check that it works under them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SecurityHeadersTest {

    @LocalServerPort
    int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("moim.data-dir", () -> Path.of("target", "test-data", "headers-" + UUID.randomUUID()).toAbsolutePath().toString());
    }

    @Test
    void theWebClientIsServedUnderAStrictPolicy() throws Exception {
        HttpResponse<String> page = get("/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertProtected(page);
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("default-src 'self'", "script-src 'self';", "style-src 'self';", "object-src 'none'",
                "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'");
        assertThat(policy).doesNotContain("unsafe-inline", "unsafe-eval", "*");

        HttpResponse<String> module = get("/app/main.js", null);
        assertThat(module.statusCode()).isEqualTo(200);
        assertProtected(module);
    }

    @Test
    void anInviteLinksAddressOpensTheWebClient() throws Exception {
        HttpResponse<String> page = get("/invite/AbC-dEf_0123456789abcdef", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app/main.js\">");
        assertProtected(page);

        // Only the one segment after /invite/ is a code: anything deeper is not the web client.
        assertThat(get("/invite/AbC/more", null).statusCode()).isEqualTo(404);
    }

    @Test
    void apiAnswersAndRefusalsCarryTheHeadersToo() throws Exception {
        Api.User user = new Api(port).newUser("Hana");
        HttpResponse<String> me = get("/api/v1/users/me", user.accessToken());
        assertThat(me.statusCode()).isEqualTo(200);
        assertProtected(me);

        HttpResponse<String> unauthenticated = get("/api/v1/rooms", null);
        assertThat(unauthenticated.statusCode()).isEqualTo(401);
        assertThat(unauthenticated.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertProtected(unauthenticated);

        HttpResponse<String> missing = get("/api/v1/rooms/987654", user.accessToken());
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).contains("ROOM_NOT_FOUND");
        assertProtected(missing);
    }

    @Test
    void swaggerUiMayAddStylesButNotScripts() throws Exception {
        HttpResponse<String> docs = get("/swagger-ui/index.html", null);
        assertThat(docs.statusCode()).isEqualTo(200);
        assertProtected(docs);
        assertThat(docs.headers().firstValue("Content-Security-Policy").orElseThrow())
                .contains("script-src 'self';", "style-src 'self' 'unsafe-inline';", "frame-ancestors 'none'");
    }

    private static void assertProtected(HttpResponse<String> response) {
        assertThat(response.headers().allValues("Content-Security-Policy")).hasSize(1);
        assertThat(response.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(response.headers().firstValue("Permissions-Policy")).hasValueSatisfying(
                policy -> assertThat(policy).contains("camera=()", "microphone=()", "geolocation=()"));
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
