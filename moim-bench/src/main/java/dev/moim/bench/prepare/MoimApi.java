package dev.moim.bench.prepare;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The few REST calls the bench needs, against any Moim deployment's public API. */
public final class MoimApi {

    /** A REST call that did not succeed: the HTTP status and Moim's error code (problem+json {@code code}). */
    public static final class ApiException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        ApiException(int status, String code, String detail) {
            super(status + " " + code + ": " + detail);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    /** A log-in: the tokens and the user they belong to. */
    public record Session(long userId, String accessToken, String refreshToken) {
    }

    private final URI base;
    private final HttpClient http;
    private final JsonMapper json;

    public MoimApi(URI base, HttpClient http, JsonMapper json) {
        this.base = base;
        this.http = http;
        this.json = json;
    }

    public URI base() {
        return base;
    }

    public long signup(String email, String password, String nickname) {
        return call("POST", "/api/v1/auth/signup", null, Map.of("email", email, "password", password, "nickname", nickname))
                .path("id").asLong();
    }

    public Session login(String email, String password) {
        return session(call("POST", "/api/v1/auth/login", null, Map.of("email", email, "password", password)));
    }

    public Session refresh(String refreshToken) {
        return session(call("POST", "/api/v1/auth/refresh", null, Map.of("refreshToken", refreshToken)));
    }

    /** The room summary, as the member holding {@code accessToken} sees it. */
    public JsonNode room(String accessToken, long roomId) {
        return call("GET", "/api/v1/rooms/" + roomId, accessToken, null);
    }

    public long createGroup(String accessToken, String name, List<Long> memberIds) {
        return call("POST", "/api/v1/rooms", accessToken, Map.of("type", "GROUP", "name", name, "memberIds", memberIds))
                .path("id").asLong();
    }

    /** Invites {@code userIds} into a GROUP; all join or none. */
    public void invite(String accessToken, long roomId, List<Long> userIds) {
        call("POST", "/api/v1/rooms/" + roomId + "/members", accessToken, Map.of("userIds", userIds));
    }

    /** Posts a TEXT message over REST; returns its seq. */
    public long post(String accessToken, long roomId, String clientMsgId, String content) {
        return call("POST", "/api/v1/rooms/" + roomId + "/messages", accessToken,
                Map.of("clientMsgId", clientMsgId, "type", "TEXT", "content", content)).path("seq").asLong();
    }

    /** Any GET of the API, e.g. a search; {@code pathAndQuery} already encoded. */
    public JsonNode postJson(String accessToken, String path, Object body) {
        return call("POST", path, accessToken, body);
    }

    public JsonNode get(String accessToken, String pathAndQuery) {
        return call("GET", pathAndQuery, accessToken, null);
    }

    /** One page of history after {@code afterSeq}: {@code {messages, hasMore}}. */
    public JsonNode messagesAfter(String accessToken, long roomId, long afterSeq, int limit) {
        return call("GET", "/api/v1/rooms/" + roomId + "/messages?afterSeq=" + afterSeq + "&limit=" + limit, accessToken, null);
    }

    /** The body of {@code path} as text, or null when it is not there (any status but 200). */
    public String textOrNull(String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(path))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Session session(JsonNode body) {
        return new Session(body.path("user").path("id").asLong(), body.path("accessToken").asString(),
                body.path("refreshToken").asString());
    }

    private JsonNode call(String method, String path, String accessToken, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (accessToken != null) {
            request.header("Authorization", "Bearer " + accessToken);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new ApiException(0, "IO_ERROR", method + " " + path + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(0, "INTERRUPTED", method + " " + path);
        }
        JsonNode answer = response.body().isBlank() ? json.createObjectNode() : readOrText(response.body());
        if (response.statusCode() / 100 != 2) {
            throw new ApiException(response.statusCode(), answer.path("code").asString("HTTP_" + response.statusCode()),
                    method + " " + path + " " + response.body());
        }
        return answer;
    }

    private JsonNode readOrText(String body) {
        try {
            return json.readTree(body);
        } catch (RuntimeException notJson) {
            return json.createObjectNode().put("detail", body);
        }
    }
}
