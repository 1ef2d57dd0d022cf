package dev.moim;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import dev.moim.file.FileStorage;
import dev.moim.support.Api;
import dev.moim.support.Api.Download;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Photos, files and profile pictures through the public API, on each store and file storage: what is kept and
 * served, who may download it, what happens on delete, and every kind of bad input (typed errors, nothing stored).
 * Limits are set small here so that each is reached with little data; tests stay well inside the ones they do not test.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"moim.auth.signups-per-ip.count=10000", "moim.messages.send-burst=1000",
                "moim.files.max-photo-size=1MB", "moim.files.max-file-size=3MB", "moim.files.max-image-pixels=4000000",
                "moim.files.max-photos-per-message=5", "moim.files.user-quota=8MB", "moim.files.delete-grace=1s",
                "moim.files.orphan-after=10s", "moim.files.janitor-interval=200ms",
                "moim.files.uploads-per-user.count=1000", "moim.search.searches-per-user.count=100000"})
abstract class FilesContract {

    private static final Duration JANITOR = Duration.ofSeconds(40);

    @LocalServerPort
    int port;

    @Autowired
    FileStorage storage;

    Api api;

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    // ---- helpers ----

    static byte[] png(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(0x3a7bd5));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.ORANGE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return encode(image, "png");
    }

    static byte[] jpeg(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.GREEN);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return encode(image, "jpg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(image, format, out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A PNG that is only a header claiming {@code width x height} pixels: a decompression bomb's first bytes. */
    static byte[] pngHeaderOnly(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[]{0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** The first bytes of a Windows executable (MZ, then a PE header). */
    static byte[] windowsExecutable() {
        byte[] exe = new byte[1024];
        exe[0] = 'M';
        exe[1] = 'Z';
        exe[0x3c] = (byte) 0x80;
        exe[0x80] = 'P';
        exe[0x81] = 'E';
        return exe;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private Response upload(User user, long roomId, String name, byte[] bytes) {
        return upload(user, roomId, name, null, bytes, Map.of());
    }

    private Response upload(User user, long roomId, String name, String kind, byte[] bytes, Map<String, String> headers) {
        String query = "name=" + enc(name) + (kind == null ? "" : "&kind=" + kind);
        return api.upload("POST", "/api/v1/rooms/" + roomId + "/attachments?" + query, user.accessToken(), bytes, headers);
    }

    private String uploaded(User user, long roomId, String name, byte[] bytes) {
        Response r = upload(user, roomId, name, bytes);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.body().path("id").asString();
    }

    private Response sendWith(User user, long roomId, String type, String caption, String... attachmentIds) {
        Map<String, Object> body = new HashMap<>();
        body.put("clientMsgId", UUID.randomUUID().toString());
        body.put("type", type);
        if (caption != null) {
            body.put("content", caption);
        }
        body.put("attachmentIds", List.of(attachmentIds));
        return api.post("/api/v1/rooms/" + roomId + "/messages", user.accessToken(), body);
    }

    private Download get(User user, String path) {
        return api.download(path, user.accessToken(), Map.of());
    }

    private boolean stored(String key) {
        return storage.stat(key).isPresent();
    }

    private static BufferedImage image(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    // ---- photos ----

    @Test
    void aPhotoIsUploadedSentAndSeenByMembersWithItsThumbnail() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        long room = api.group(minji, "사진방", joon);
        byte[] photo = png(1200, 800);

        Response up = upload(minji, room, "바다.png", photo);
        assertThat(up.status()).as(up.toString()).isEqualTo(201);
        JsonNode attachment = up.body();
        assertThat(attachment.path("kind").asString()).isEqualTo("IMAGE");
        assertThat(attachment.path("name").asString()).isEqualTo("바다.png");
        assertThat(attachment.path("contentType").asString()).isEqualTo("image/png");
        assertThat(attachment.path("width").asInt()).isEqualTo(1200);
        assertThat(attachment.path("height").asInt()).isEqualTo(800);
        assertThat(attachment.path("thumbnail").path("width").asInt()).isEqualTo(480);
        assertThat(attachment.path("thumbnail").path("height").asInt()).isEqualTo(320);
        String id = attachment.path("id").asString();

        Response sent = sendWith(minji, room, "IMAGE", "바다 사진", id);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        assertThat(sent.body().path("type").asString()).isEqualTo("IMAGE");
        assertThat(sent.body().path("attachments").get(0).path("id").asString()).isEqualTo(id);

        JsonNode inHistory = api.history(joon, room, "").get(1);
        assertThat(inHistory.path("content").asString()).isEqualTo("바다 사진");
        assertThat(inHistory.path("attachments").get(0).path("width").asInt()).isEqualTo(1200);
        assertThat(inHistory.path("unreadCount").asInt()).isEqualTo(1);

        Download original = get(joon, "/api/v1/attachments/" + id);
        assertThat(original.status()).isEqualTo(200);
        assertThat(original.header("Content-Type")).isEqualTo("image/png");
        assertThat(original.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(original.headers().allValues("Content-Security-Policy")).hasSize(1);
        assertThat(original.header("Content-Security-Policy")).contains("sandbox").contains("default-src 'none'");
        assertThat(original.header("Content-Disposition")).startsWith("inline");
        assertThat(original.header("Cache-Control")).contains("private");
        BufferedImage decoded = image(original.bytes());
        assertThat(decoded.getWidth()).isEqualTo(1200);
        assertThat(decoded.getRGB(600, 400)).isEqualTo(image(photo).getRGB(600, 400));

        Download thumbnail = get(joon, "/api/v1/attachments/" + id + "/thumbnail");
        assertThat(thumbnail.status()).isEqualTo(200);
        assertThat(thumbnail.header("Content-Type")).isIn("image/jpeg", "image/png");
        assertThat(image(thumbnail.bytes()).getWidth()).isEqualTo(480);
        assertThat(image(thumbnail.bytes()).getHeight()).isEqualTo(320);
    }

    @Test
    void anAlbumKeepsItsOrderAndItsLimit() {
        User minji = api.newUser("민지");
        long room = api.group(minji, "앨범");
        String a = uploaded(minji, room, "1.png", png(64, 64));
        String b = uploaded(minji, room, "2.jpg", jpeg(80, 40));
        String c = uploaded(minji, room, "3.png", png(40, 80));

        Response sent = sendWith(minji, room, "IMAGE", null, c, a, b);
        assertThat(sent.status()).as(sent.toString()).isEqualTo(201);
        JsonNode attachments = sent.body().path("attachments");
        assertThat(List.of(attachments.get(0).path("id").asString(), attachments.get(1).path("id").asString(),
                attachments.get(2).path("id").asString())).containsExactly(c, a, b);
        assertThat(sent.body().path("content").asString()).isEmpty();
        long albumSeq = sent.body().path("seq").asLong();
        String single = uploaded(minji, room, "4.png", png(30, 30));
        long singleSeq = sendWith(minji, room, "IMAGE", "하나", single).body().path("seq").asLong();

        // The gallery, newest message first and each album in its order; a page never ends inside an album.
        Response page = api.get("/api/v1/rooms/" + room + "/attachments?limit=2", minji.accessToken());
        assertThat(page.body().path("items").findValuesAsString("id")).containsExactly(single, c, a, b);
        assertThat(page.body().path("hasMore").asBoolean()).isFalse();
        Response newest = api.get("/api/v1/rooms/" + room + "/attachments?limit=1", minji.accessToken());
        assertThat(newest.body().path("items").findValuesAsString("id")).containsExactly(single);
        assertThat(newest.body().path("hasMore").asBoolean()).isTrue();
        Response older = api.get("/api/v1/rooms/" + room + "/attachments?limit=1&beforeSeq=" + singleSeq, minji.accessToken());
        assertThat(older.body().path("items").findValuesAsString("id")).containsExactly(c, a, b);
        assertThat(older.body().path("items").get(2).path("seq").asLong()).isEqualTo(albumSeq);
        assertThat(older.body().path("hasMore").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/rooms/" + room + "/attachments?limit=0", minji.accessToken()).code()).isEqualTo("VALIDATION_FAILED");
        assertThat(api.get("/api/v1/rooms/" + room + "/attachments?kind=VIDEO", minji.accessToken()).code()).isEqualTo("VALIDATION_FAILED");

        String[] six = new String[6];
        for (int i = 0; i < six.length; i++) {
            six[i] = uploaded(minji, room, "p" + i + ".png", png(16, 16));
        }
        Response tooMany = sendWith(minji, room, "IMAGE", null, six);
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void rangesAndConditionalRequestsServeTheRightBytes() {
        User minji = api.newUser("민지");
        long room = api.group(minji, "파일");
        byte[] text = "0123456789abcdefghij".repeat(100).getBytes(StandardCharsets.UTF_8);
        String id = uploaded(minji, room, "numbers.txt", text);
        String path = "/api/v1/attachments/" + id;

        Download middle = api.download(path, minji.accessToken(), Map.of("Range", "bytes=10-19"));
        assertThat(middle.status()).isEqualTo(206);
        assertThat(new String(middle.bytes(), StandardCharsets.UTF_8)).isEqualTo("abcdefghij");
        assertThat(middle.header("Content-Range")).isEqualTo("bytes 10-19/2000");

        Download tail = api.download(path, minji.accessToken(), Map.of("Range", "bytes=-5"));
        assertThat(tail.status()).isEqualTo(206);
        assertThat(new String(tail.bytes(), StandardCharsets.UTF_8)).isEqualTo("fghij");

        Download beyond = api.download(path, minji.accessToken(), Map.of("Range", "bytes=5000-"));
        assertThat(beyond.status()).isEqualTo(416);
        assertThat(beyond.header("Content-Range")).isEqualTo("bytes */2000");

        Download whole = get(minji, path);
        assertThat(whole.bytes()).isEqualTo(text);
        String etag = whole.header("ETag");
        assertThat(etag).isNotBlank();
        Download again = api.download(path, minji.accessToken(), Map.of("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.bytes()).isEmpty();
    }

    // ---- files ----

    @Test
    void aFileIsAlwaysADownloadAndNeverAPageOfMoim() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        long room = api.group(minji, "문서", joon);
        byte[] minutes = "회의록\n1. 회비 정하기\n".getBytes(StandardCharsets.UTF_8);
        String doc = uploaded(minji, room, "회의록 11월.txt", minutes);
        byte[] html = "<html><script>alert(document.cookie)</script></html>".getBytes(StandardCharsets.UTF_8);
        String page = uploaded(minji, room, "invite.html", html);
        assertThat(sendWith(minji, room, "FILE", "11월 회의록", doc).status()).isEqualTo(201);
        assertThat(sendWith(minji, room, "FILE", null, page).status()).isEqualTo(201);

        Download text = get(joon, "/api/v1/attachments/" + doc);
        assertThat(text.status()).isEqualTo(200);
        assertThat(text.bytes()).isEqualTo(minutes);
        assertThat(text.header("Content-Disposition")).startsWith("attachment")
                .contains("filename*=UTF-8''" + enc("회의록 11월.txt").replace("+", "%20"));
        assertThat(text.header("Content-Type")).startsWith("text/plain");

        Download script = get(joon, "/api/v1/attachments/" + page);
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.header("Content-Type")).isEqualTo("application/octet-stream");
        assertThat(script.header("Content-Disposition")).startsWith("attachment");
        assertThat(script.header("Content-Security-Policy")).contains("sandbox");

        Response files = api.get("/api/v1/rooms/" + room + "/attachments?kind=FILE", joon.accessToken());
        assertThat(files.status()).isEqualTo(200);
        assertThat(files.body().path("items")).hasSize(2);
        assertThat(files.body().path("items").get(0).path("attachment").path("id").asString()).isEqualTo(page);
    }

    @Test
    void aFileIsFoundBySearchingForItsNameAndAPhotoByItsCaption() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        long room = api.group(minji, "검색", joon);
        String doc = uploaded(minji, room, "2026 예산안 최종.txt", "예산".getBytes(StandardCharsets.UTF_8));
        long fileSeq = sendWith(minji, room, "FILE", null, doc).body().path("seq").asLong();
        String photo = uploaded(minji, room, "p.png", png(20, 20));
        long photoSeq = sendWith(minji, room, "IMAGE", "제주도 바다 사진", photo).body().path("seq").asLong();

        await("indexed").atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Response byName = api.get("/api/v1/rooms/" + room + "/messages/search?q=" + enc("예산안"), joon.accessToken());
            assertThat(byName.body().path("hits").findValues("seq").stream().map(JsonNode::asLong).toList()).containsExactly(fileSeq);
            Response byCaption = api.get("/api/v1/rooms/" + room + "/messages/search?q=" + enc("제주도"), joon.accessToken());
            assertThat(byCaption.body().path("hits").findValues("seq").stream().map(JsonNode::asLong).toList()).containsExactly(photoSeq);
        });
    }

    // ---- who may see what ----

    @Test
    void onlyMembersWhoJoinedBeforeTheMessageCanDownloadIt() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        User stranger = api.newUser("남");
        User late = api.newUser("늦은");
        long room = api.group(minji, "비밀", joon);
        String id = uploaded(minji, room, "secret.png", png(32, 32));

        // Before a message carries it, only its uploader sees it.
        assertThat(get(minji, "/api/v1/attachments/" + id).status()).isEqualTo(200);
        Download early = get(joon, "/api/v1/attachments/" + id);
        assertThat(early.status()).isEqualTo(404);

        long seq = sendWith(minji, room, "IMAGE", null, id).body().path("seq").asLong();
        assertThat(seq).isPositive();
        assertThat(get(joon, "/api/v1/attachments/" + id).status()).isEqualTo(200);

        Download outsider = get(stranger, "/api/v1/attachments/" + id);
        assertThat(outsider.status()).isEqualTo(404);
        assertThat(new String(outsider.bytes(), StandardCharsets.UTF_8)).contains("ATTACHMENT_NOT_FOUND");
        assertThat(get(stranger, "/api/v1/attachments/" + id + "/thumbnail").status()).isEqualTo(404);

        Response invited = api.post("/api/v1/rooms/" + room + "/members", minji.accessToken(), Map.of("userIds", List.of(late.id())));
        assertThat(invited.status()).as(invited.toString()).isIn(200, 201, 204);
        assertThat(get(late, "/api/v1/attachments/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/rooms/" + room + "/attachments", late.accessToken()).body().path("items")).isEmpty();
        assertThat(api.get("/api/v1/rooms/" + room + "/attachments", stranger.accessToken()).code()).isEqualTo("NOT_A_MEMBER");

        assertThat(api.download("/api/v1/attachments/" + id, null, Map.of()).status()).isEqualTo(401);
        assertThat(get(minji, "/api/v1/attachments/not-a-uuid").status()).isEqualTo(400);
    }

    @Test
    void uploadsCannotBeBorrowedOrSentTwice() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        long room = api.group(minji, "방", joon);
        long other = api.group(minji, "다른 방", joon);
        String mine = uploaded(minji, room, "a.png", png(20, 20));
        String file = uploaded(minji, room, "notes.txt", "메모".getBytes(StandardCharsets.UTF_8));
        String elsewhere = uploaded(minji, other, "b.png", png(20, 20));

        Response borrowed = sendWith(joon, room, "IMAGE", null, mine);
        assertThat(borrowed.code()).isEqualTo("ATTACHMENT_NOT_FOUND");
        Response wrongRoom = sendWith(minji, room, "IMAGE", null, elsewhere);
        assertThat(wrongRoom.code()).isEqualTo("ATTACHMENT_UNAVAILABLE");
        Response wrongKind = sendWith(minji, room, "FILE", null, mine);
        assertThat(wrongKind.code()).isEqualTo("ATTACHMENT_UNAVAILABLE");
        Response fileAsPhoto = sendWith(minji, room, "IMAGE", null, file);
        assertThat(fileAsPhoto.code()).isEqualTo("ATTACHMENT_UNAVAILABLE");
        Response textWithFiles = sendWith(minji, room, "TEXT", "hi", mine);
        assertThat(textWithFiles.code()).isEqualTo("VALIDATION_FAILED");
        Response unknown = sendWith(minji, room, "IMAGE", null, UUID.randomUUID().toString());
        assertThat(unknown.code()).isEqualTo("ATTACHMENT_NOT_FOUND");
        Response none = sendWith(minji, room, "IMAGE", null);
        assertThat(none.code()).isEqualTo("VALIDATION_FAILED");
        Response twiceInOne = sendWith(minji, room, "IMAGE", null, mine, mine);
        assertThat(twiceInOne.code()).isEqualTo("VALIDATION_FAILED");
        // None of the refusals above stored a message.
        assertThat(api.history(minji, room, "")).hasSize(1);

        Map<String, Object> body = Map.of("clientMsgId", "album-1", "type", "IMAGE", "attachmentIds", List.of(mine));
        Response first = api.post("/api/v1/rooms/" + room + "/messages", minji.accessToken(), body);
        assertThat(first.status()).isEqualTo(201);
        Response resend = api.post("/api/v1/rooms/" + room + "/messages", minji.accessToken(), body);
        assertThat(resend.status()).as(resend.toString()).isEqualTo(200);
        assertThat(resend.body().path("seq").asLong()).isEqualTo(first.body().path("seq").asLong());
        Response again = sendWith(minji, room, "IMAGE", null, mine);
        assertThat(again.code()).isEqualTo("ATTACHMENT_UNAVAILABLE");
        assertThat(api.history(minji, room, "")).hasSize(2);
    }

    @Test
    void twoMessagesRacingForOneUploadCannotBothCarryIt() throws Exception {
        User minji = api.newUser("민지");
        long room = api.group(minji, "경쟁");
        for (int round = 0; round < 5; round++) {
            String id = uploaded(minji, room, "race" + round + ".png", png(24, 24));
            List<java.util.concurrent.CompletableFuture<Response>> racers = new java.util.ArrayList<>();
            for (int i = 0; i < 4; i++) {
                racers.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> sendWith(minji, room, "IMAGE", null, id)));
            }
            List<Response> answers = racers.stream().map(java.util.concurrent.CompletableFuture::join).toList();
            assertThat(answers.stream().filter(r -> r.status() == 201)).as(answers.toString()).hasSize(1);
            assertThat(answers.stream().filter(r -> r.status() != 201).map(Response::code))
                    .as(answers.toString()).allMatch("ATTACHMENT_UNAVAILABLE"::equals);
        }
        // One message per upload, none carrying a stolen photo.
        long carried = api.wholeHistory(minji, room).stream().filter(m -> m.path("type").asString().equals("IMAGE")).count();
        assertThat(carried).isEqualTo(5);
    }

    @Test
    void aPhotoSentOverStompReachesTheRoomWithItsAttachments() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        long room = api.group(minji, "실시간", joon);
        String id = uploaded(minji, room, "live.jpg", jpeg(320, 240));
        try (StompClient sender = StompClient.connect(port, minji.accessToken());
             StompClient reader = StompClient.connect(port, joon.accessToken())) {
            reader.subscribe("/topic/rooms/" + room);
            String receipt = sender.sendJson("/app/rooms/" + room + "/messages",
                    "{\"clientMsgId\":\"live-1\",\"type\":\"IMAGE\",\"content\":\"지금 여기\",\"attachmentIds\":[\"" + id + "\"]}");
            sender.awaitReceipt(receipt);
            JsonNode event = reader.awaitEvent("message");
            JsonNode photo = event.path("message").path("attachments").get(0);
            assertThat(photo.path("id").asString()).isEqualTo(id);
            assertThat(photo.path("width").asInt()).isEqualTo(320);
            assertThat(photo.path("thumbnail").path("height").asInt()).isEqualTo(240);
            assertThat(event.path("message").path("content").asString()).isEqualTo("지금 여기");

            // Someone else's upload over STOMP: a personal error event, nothing stored.
            sender.subscribe("/user/queue/events");
            String other = uploaded(joon, room, "joon.png", png(10, 10));
            sender.sendJson("/app/rooms/" + room + "/messages",
                    "{\"clientMsgId\":\"live-2\",\"type\":\"IMAGE\",\"attachmentIds\":[\"" + other + "\"]}");
            assertThat(sender.awaitEvent("error").path("code").asString()).isEqualTo("ATTACHMENT_NOT_FOUND");
        }
        assertThat(api.history(joon, room, "")).hasSize(2);
    }

    // ---- delete and clean-up ----

    @Test
    void deletingTheMessageHidesItsFilesAtOnceAndDeletesTheirBytesAfterTheGrace() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        long room = api.group(minji, "삭제", joon);
        String id = uploaded(minji, room, "oops.png", png(100, 100));
        long seq = sendWith(minji, room, "IMAGE", "잘못 보냄", id).body().path("seq").asLong();
        assertThat(stored("files/" + id)).isTrue();
        assertThat(stored("thumbs/" + id)).isTrue();

        Response deleted = api.delete("/api/v1/rooms/" + room + "/messages/" + seq, minji.accessToken());
        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(200);
        assertThat(deleted.body().path("deleted").asBoolean()).isTrue();
        assertThat(deleted.body().path("attachments")).isEmpty();
        JsonNode tombstone = api.history(joon, room, "").get(1);
        assertThat(tombstone.path("deleted").asBoolean()).isTrue();
        assertThat(tombstone.path("attachments")).isEmpty();
        assertThat(get(joon, "/api/v1/attachments/" + id).status()).isEqualTo(404);
        assertThat(get(minji, "/api/v1/attachments/" + id).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/rooms/" + room + "/attachments", joon.accessToken()).body().path("items")).isEmpty();

        await("bytes deleted").atMost(JANITOR).until(() -> !stored("files/" + id) && !stored("thumbs/" + id));
    }

    @Test
    void anUploadNoMessageCarriesIsDeletedAfterADay() {
        User minji = api.newUser("민지");
        long room = api.group(minji, "고아");
        String id = uploaded(minji, room, "forgotten.png", png(50, 50));
        assertThat(stored("files/" + id)).isTrue();
        await("orphan deleted").atMost(JANITOR).until(() -> !stored("files/" + id));
        assertThat(get(minji, "/api/v1/attachments/" + id).status()).isEqualTo(404);
        assertThat(sendWith(minji, room, "IMAGE", null, id).code()).isEqualTo("ATTACHMENT_NOT_FOUND");
    }

    @Test
    void theFilesOfARoomClosedByItsLastMemberLeavingGoToo() {
        User minji = api.newUser("민지");
        long room = api.group(minji, "닫힐 방");
        String id = uploaded(minji, room, "last.png", png(30, 30));
        assertThat(sendWith(minji, room, "IMAGE", null, id).status()).isEqualTo(201);
        assertThat(api.post("/api/v1/rooms/" + room + "/leave", minji.accessToken(), null).status()).isEqualTo(204);
        await("a closed room's files deleted").atMost(JANITOR).until(() -> !stored("files/" + id));
        assertThat(get(minji, "/api/v1/attachments/" + id).status()).isEqualTo(404);
    }

    // ---- retries and quotas ----

    @Test
    void aRetriedUploadWithTheSameKeyIsStoredOnce() {
        User minji = api.newUser("민지");
        long room = api.group(minji, "재시도");
        long other = api.group(minji, "다른 방");
        byte[] photo = jpeg(300, 200);
        Map<String, String> key = Map.of("Idempotency-Key", "upload-" + UUID.randomUUID());

        Response first = upload(minji, room, "retry.jpg", null, photo, key);
        assertThat(first.status()).isEqualTo(201);
        Response retry = upload(minji, room, "retry.jpg", null, photo, key);
        assertThat(retry.status()).as(retry.toString()).isEqualTo(200);
        assertThat(retry.body().path("id").asString()).isEqualTo(first.body().path("id").asString());
        Response elsewhere = upload(minji, other, "retry.jpg", null, photo, key);
        assertThat(elsewhere.code()).isEqualTo("VALIDATION_FAILED");
        Response badKey = upload(minji, room, "retry.jpg", null, photo, Map.of("Idempotency-Key", "x".repeat(65)));
        assertThat(badKey.code()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void aUserCannotUploadBeyondTheirQuota() {
        User minji = api.newUser("민지");
        long room = api.group(minji, "용량");
        byte[] big = new byte[(int) (2.5 * 1024 * 1024)];
        new java.util.Random(7).nextBytes(big);
        for (int i = 0; i < 3; i++) {
            assertThat(upload(minji, room, "data" + i + ".bin", big).status()).isEqualTo(201);
        }
        Response over = upload(minji, room, "data3.bin", big);
        assertThat(over.status()).isEqualTo(413);
        assertThat(over.code()).isEqualTo("QUOTA_EXCEEDED");
        // Someone else still can.
        User joon = api.newUser("준");
        long theirs = api.group(joon, "준의 방");
        assertThat(upload(joon, theirs, "data.bin", big).status()).isEqualTo(201);
    }

    // ---- bad input ----

    @Test
    void badUploadsAreRefusedWithTypedErrorsAndStoreNothing() {
        User minji = api.newUser("민지");
        User stranger = api.newUser("남");
        long room = api.group(minji, "검사");
        byte[] photo = png(200, 100);

        assertRefused(upload(minji, room, "holiday.jpg", windowsExecutable()), 415, "FILE_TYPE_MISMATCH", "UNSUPPORTED_FILE_TYPE");
        assertRefused(upload(minji, room, "setup.exe", windowsExecutable()), 415, "UNSUPPORTED_FILE_TYPE");
        assertRefused(upload(minji, room, "notes.txt", "IMAGE", "just text".getBytes(StandardCharsets.UTF_8), Map.of()),
                415, "UNSUPPORTED_FILE_TYPE");
        assertRefused(upload(minji, room, "half.png", Arrays.copyOf(photo, photo.length / 2)), 422, "CORRUPT_IMAGE");
        assertRefused(upload(minji, room, "bomb.png", pngHeaderOnly(50_000, 50_000)), 422, "IMAGE_TOO_LARGE");
        assertRefused(upload(minji, room, "empty.png", new byte[0]), 400, "EMPTY_FILE");
        assertRefused(upload(minji, room, "big.jpg", "IMAGE", new byte[1024 * 1024 + 1], Map.of()), 413, "FILE_TOO_LARGE");
        assertRefused(upload(minji, room, "huge.bin", new byte[3 * 1024 * 1024 + 1]), 413, "FILE_TOO_LARGE");
        for (String name : List.of("../../etc/passwd.png", "a\u0000b.png", "\u202Egnp.exe", "x".repeat(300) + ".png",
                "..", " ", "dir/x.png", "c:\\x.png")) {
            assertRefused(upload(minji, room, name, photo), 400, "INVALID_FILE_NAME");
        }
        assertRefused(upload(minji, room, "x.png", "PDF", photo, Map.of()), 400, "VALIDATION_FAILED");
        assertRefused(upload(stranger, room, "x.png", photo), 403, "NOT_A_MEMBER");
        assertRefused(upload(minji, 987_654_321L, "x.png", photo), 404, "ROOM_NOT_FOUND");
        Response missingName = api.upload("POST", "/api/v1/rooms/" + room + "/attachments", minji.accessToken(), photo, Map.of());
        assertThat(missingName.status()).isEqualTo(400);

        assertThat(api.get("/api/v1/rooms/" + room + "/attachments", minji.accessToken()).body().path("items")).isEmpty();
        assertThat(api.get("/api/v1/rooms/" + room + "/attachments?kind=FILE", minji.accessToken()).body().path("items")).isEmpty();
        // Nothing was kept: the whole quota is still free.
        byte[] big = new byte[(int) (2.5 * 1024 * 1024)];
        for (int i = 0; i < 3; i++) {
            assertThat(upload(minji, room, "fill" + i + ".bin", big).status()).isEqualTo(201);
        }
    }

    private static void assertRefused(Response response, int status, String... codes) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).as(response.toString()).isIn((Object[]) codes);
        // Nothing of the server's insides: no paths of its files, no exception names.
        assertThat(response.body().path("detail").asString()).doesNotContain("Exception", "uploads/", ".upload", "test-data");
    }

    // ---- profile pictures ----

    @Test
    void aProfilePictureIsCroppedToASquareAndShownWithMessagesAndMembers() {
        User minji = api.newUser("민지");
        User joon = api.newUser("준");
        long room = api.group(minji, "프사", joon);
        Response me = api.upload("PUT", "/api/v1/users/me/avatar", minji.accessToken(), png(800, 600), Map.of());
        assertThat(me.status()).as(me.toString()).isEqualTo(200);
        String avatar = me.body().path("avatarId").asString();
        assertThat(avatar).isNotBlank();

        BufferedImage large = image(get(joon, "/api/v1/users/" + minji.id() + "/avatar/" + avatar + "?size=large").bytes());
        assertThat(large.getWidth()).isEqualTo(512);
        assertThat(large.getHeight()).isEqualTo(512);
        Download small = get(joon, "/api/v1/users/" + minji.id() + "/avatar/" + avatar);
        assertThat(small.status()).isEqualTo(200);
        assertThat(image(small.bytes()).getWidth()).isEqualTo(128);

        assertThat(api.sendRest(minji, room, UUID.randomUUID().toString(), "안녕").status()).isEqualTo(201);
        assertThat(api.history(joon, room, "").get(1).path("sender").path("avatarId").asString()).isEqualTo(avatar);
        JsonNode members = api.get("/api/v1/rooms/" + room + "/members", joon.accessToken()).body();
        boolean shown = false;
        for (JsonNode m : members) {
            shown |= m.path("id").asLong() == minji.id() && avatar.equals(m.path("avatarId").asString());
        }
        assertThat(shown).as(members.toString()).isTrue();

        Response cropped = api.upload("PUT", "/api/v1/users/me/avatar?x=100&y=50&size=300", minji.accessToken(),
                png(800, 600), Map.of());
        assertThat(cropped.status()).isEqualTo(200);
        String second = cropped.body().path("avatarId").asString();
        assertThat(second).isNotEqualTo(avatar);
        assertThat(get(joon, "/api/v1/users/" + minji.id() + "/avatar/" + avatar).status()).isEqualTo(404);
        assertThat(image(get(joon, "/api/v1/users/" + minji.id() + "/avatar/" + second + "?size=large").bytes())
                .getWidth()).isEqualTo(300);

        assertRefused(api.upload("PUT", "/api/v1/users/me/avatar?x=700&y=0&size=300", minji.accessToken(), png(800, 600),
                Map.of()), 400, "VALIDATION_FAILED");
        assertRefused(api.upload("PUT", "/api/v1/users/me/avatar", minji.accessToken(), windowsExecutable(), Map.of()),
                415, "UNSUPPORTED_FILE_TYPE");
        assertThat(api.get("/api/v1/users/me", minji.accessToken()).body().path("avatarId").asString()).isEqualTo(second);

        Response removed = api.delete("/api/v1/users/me/avatar", minji.accessToken());
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.body().path("avatarId").isNull()).isTrue();
        assertThat(get(joon, "/api/v1/users/" + minji.id() + "/avatar/" + second).status()).isEqualTo(404);
        await("old picture's bytes deleted").atMost(JANITOR).until(() -> !stored("avatars/" + second + "-512"));
    }
}
