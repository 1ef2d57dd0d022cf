package dev.moim.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

/** The REST API over real HTTP. */
public final class Api {

    private final HttpClient http = HttpClient.newHttpClient();
    private final int port;

    public Api(int port) {
        this.port = port;
    }

    public int port() {
        return port;
    }

    public record Response(int status, JsonNode body, String contentType) {
        public String code() {
            return body.path("code").asString();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    /** A signed-up, logged-in user. */
    public record User(long id, String email, String nickname, String accessToken, String refreshToken) {
    }

    public Response get(String path, String token) {
        return call("GET", path, token, null);
    }

    public Response post(String path, String token, Object body) {
        return call("POST", path, token, body == null ? null : Json.of(body));
    }

    /** A POST that moves money: {@code key} goes in the Idempotency-Key header, so a retry moves nothing twice. */
    public Response post(String path, String token, Object body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method("POST", HttpRequest.BodyPublishers.ofString(Json.of(body)))
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", key);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send("POST", path, request);
    }

    public Response postRaw(String path, String token, String raw) {
        return call("POST", path, token, raw);
    }

    public Response patch(String path, String token, Object body) {
        return call("PATCH", path, token, Json.of(body));
    }

    public Response put(String path, String token, Object body) {
        return call("PUT", path, token, Json.of(body));
    }

    public Response delete(String path, String token) {
        return call("DELETE", path, token, null);
    }

    /** A DELETE that carries a JSON body, e.g. the password that confirms a withdrawal. */
    public Response delete(String path, String token, Object body) {
        return call("DELETE", path, token, Json.of(body));
    }

    /** Signs up a new user with a unique email and logs them in. */
    public User newUser(String nickname) {
        String email = nickname.toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        Response signup = post("/api/v1/auth/signup", null,
                Map.of("email", email, "password", "correct horse", "nickname", nickname));
        if (signup.status() != 201) {
            throw new AssertionError("signup failed: " + signup);
        }
        Response login = post("/api/v1/auth/login", null, Map.of("email", email, "password", "correct horse"));
        if (login.status() != 200) {
            throw new AssertionError("login failed: " + login);
        }
        return new User(signup.body().path("id").asLong(), email, nickname,
                login.body().path("accessToken").asString(), login.body().path("refreshToken").asString());
    }

    /** Creates a GROUP room owned by the owner with the others in it; returns its id. */
    public long group(User owner, String name, User... others) {
        long[] ids = new long[others.length];
        for (int i = 0; i < others.length; i++) {
            ids[i] = others[i].id();
        }
        Response room = post("/api/v1/rooms", owner.accessToken(), Map.of("type", "GROUP", "name", name, "memberIds", ids));
        if (room.status() != 201) {
            throw new AssertionError("room creation failed: " + room);
        }
        return room.body().path("id").asLong();
    }

    /** Opens (or finds) the DIRECT room of the two; returns its id. */
    public long direct(User user, User peer) {
        Response room = post("/api/v1/rooms", user.accessToken(), Map.of("type", "DIRECT", "memberIds", List.of(peer.id())));
        if (room.status() != 201 && room.status() != 200) {
            throw new AssertionError("direct room failed: " + room);
        }
        return room.body().path("id").asLong();
    }

    public Response sendRest(User user, long roomId, String clientMsgId, String content) {
        return post("/api/v1/rooms/" + roomId + "/messages", user.accessToken(),
                Map.of("clientMsgId", clientMsgId, "type", "TEXT", "content", content));
    }

    public JsonNode history(User user, long roomId, String query) {
        Response page = get("/api/v1/rooms/" + roomId + "/messages" + (query.isEmpty() ? "" : "?" + query), user.accessToken());
        if (page.status() != 200) {
            throw new AssertionError("history failed: " + page);
        }
        return page.body().path("messages");
    }

    /** The room's whole history as the user may see it, oldest first, page after page. */
    public List<JsonNode> wholeHistory(User user, long roomId) {
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            long after = all.isEmpty() ? 0 : all.getLast().path("seq").asLong();
            JsonNode page = history(user, roomId, "afterSeq=" + after + "&limit=200");
            if (page.isEmpty()) {
                return all;
            }
            page.forEach(all::add);
        }
    }

    public JsonNode room(User user, long roomId) {
        Response room = get("/api/v1/rooms/" + roomId, user.accessToken());
        if (room.status() != 200) {
            throw new AssertionError("room failed: " + room);
        }
        return room.body();
    }

    private Response call(String method, String path, String token, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(method, path, request);
    }

    /** Uploads raw bytes (a photo, a file, a profile picture) with the given extra headers, e.g. Idempotency-Key. */
    public Response upload(String method, String path, String token, byte[] bytes, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(bytes))
                .header("Content-Type", "application/octet-stream");
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(method, path, request);
    }

    private Response send(String method, String path, HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String text = response.body();
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = text == null || text.isBlank() || !type.contains("json")
                    ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(text);
            return new Response(response.statusCode(), json, type);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    /** A download: status, headers and the bytes as they came. */
    public record Download(int status, java.net.http.HttpHeaders headers, byte[] bytes) {
        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    public Download download(String path, String token, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Download(response.statusCode(), response.headers(), response.body());
        } catch (Exception e) {
            throw new AssertionError("GET " + path + " failed", e);
        }
    }
}
