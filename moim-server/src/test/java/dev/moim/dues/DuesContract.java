package dev.moim.dues;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;

import javax.imageio.ImageIO;

import dev.moim.ledger.Account;
import dev.moim.ledger.Ledger;
import dev.moim.ledger.PostingKind;
import dev.moim.ledger.Transfer;
import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.Json;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Group dues through the public API, on each store: plans by managers only, paying from a wallet with confirmation
 * (once, also when two payments race), autopay and reminders exactly once when scheduler passes race, catching up
 * missed periods, late joiners and leavers, expenses with a receipt photo announced in the room, the live dues event,
 * and the books as JSON, CSV and monthly sums. The scheduler's own timer is held off (an hour); tests run its passes
 * for the moments they choose. After each test the ledger must reconcile.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"moim.auth.signups-per-ip.count=10000", "moim.dues.scheduler-delay=1h",
                "moim.files.uploads-per-user.count=1000", "moim.ledger.pin-attempts.count=1000"})
abstract class DuesContract {

    static final String PASSWORD = "correct horse";
    static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");

    @LocalServerPort
    int port;

    @Autowired
    Ledger ledger;

    @Autowired
    DuesScheduler scheduler;

    Api api;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<StompClient> sockets = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void booksBalance() {
        sockets.forEach(StompClient::close);
        assertThat(ledger.reconcile().balanced()).as(ledger.reconcile().toString()).isTrue();
    }

    // ---- helpers ----

    private Response call(String method, String path, User user, Object body, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(Json.of(body)))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + user.accessToken());
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = response.body().isBlank() || !type.contains("json") ? Json.MAPPER.missingNode()
                    : Json.MAPPER.readTree(response.body());
            return new Response(response.statusCode(), json, type);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path, e);
        }
    }

    private static void status(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
    }

    private static void refused(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private static LocalDate today() {
        return LocalDate.now(SEOUL);
    }

    /** A group of the owner and the others, with a KRW group account. */
    private long club(User owner, User... others) {
        long room = api.group(owner, "산악회 " + UUID.randomUUID().toString().substring(0, 6), others);
        ledger.openGroupAccount(room, "KRW", owner.id());
        return room;
    }

    private void deposit(User user, long amount) {
        Account wallet = ledger.wallet(user.id());
        ledger.post(new Transfer(ledger.outside("KRW").id(), wallet.id(), amount, PostingKind.DEPOSIT, "top-up",
                user.id(), "deposit-" + UUID.randomUUID(), null));
    }

    private long walletBalance(User user) {
        return ledger.wallet(user.id()).balance();
    }

    private long groupBalance(long roomId) {
        return ledger.groupAccount(roomId).orElseThrow().balance();
    }

    /** A weekly plan due today (in Seoul), starting {@code daysBack} days ago. */
    private Response weeklyDueToday(User manager, long roomId, long amount, int daysBack) {
        return api.put("/api/v1/rooms/" + roomId + "/dues/plan", manager.accessToken(), Map.of("amount", amount,
                "period", "WEEKLY", "dayOfWeek", today().getDayOfWeek().getValue(), "startDate", today().minusDays(daysBack).toString()));
    }

    private LocalDate thisWeek() {
        return today().minusDays(today().getDayOfWeek().getValue() - 1L);
    }

    private Response pay(User user, long roomId, String periodStart, String key) {
        Map<String, Object> body = new HashMap<>();
        body.put("password", PASSWORD);
        if (periodStart != null) {
            body.put("periodStart", periodStart);
        }
        return call("POST", "/api/v1/rooms/" + roomId + "/dues/pay", user, body, key);
    }

    private JsonNode status(User user, long roomId, LocalDate period) {
        Response response = api.get("/api/v1/rooms/" + roomId + "/dues" + (period == null ? "" : "?period=" + period),
                user.accessToken());
        status(response, 200);
        return response.body();
    }

    private JsonNode memberOf(JsonNode status, User user) {
        for (JsonNode m : status.path("members")) {
            if (m.path("user").path("id").asLong() == user.id()) {
                return m;
            }
        }
        return null;
    }

    private List<JsonNode> systemNotes(User user, long roomId, String event) {
        return api.wholeHistory(user, roomId).stream()
                .filter(m -> m.path("type").asString().equals("SYSTEM") && m.path("system").path("event").asString().equals(event))
                .toList();
    }

    /** Runs the scheduler's pass as of {@code at} on two threads at once. */
    private void racePasses(Instant at) {
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<DuesScheduler.Pass>> passes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            passes.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return scheduler.pass(at);
            }));
        }
        passes.forEach(CompletableFuture::join);
    }

    private static byte[] jpeg() {
        BufferedImage image = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "jpg", out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }

    private StompClient roomEvents(User user, long roomId) {
        StompClient client = StompClient.connect(port, user.accessToken());
        sockets.add(client);
        client.subscribe("/topic/rooms/" + roomId);
        return client;
    }

    // ---- plans ----

    @Test
    void onlyTheOwnerOrATreasurerSetsThePlanAndBadPlansAreRefusedChangingNothing() {
        User owner = api.newUser("Owner");
        User member = api.newUser("Member");
        User stranger = api.newUser("Stranger");
        long room = club(owner, member);
        String plan = "/api/v1/rooms/" + room + "/dues/plan";
        refused(api.get(plan, member.accessToken()), 404, "DUES_PLAN_NOT_FOUND");

        Map<String, Object> good = Map.of("amount", 10000, "period", "MONTHLY", "dayOfMonth", 10);
        refused(api.put(plan, member.accessToken(), good), 403, "NOT_TREASURER");
        refused(api.put(plan, stranger.accessToken(), good), 403, "NOT_A_MEMBER");
        refused(api.put(plan, owner.accessToken(), Map.of("amount", 0, "period", "MONTHLY", "dayOfMonth", 10)), 400, "INVALID_AMOUNT");
        refused(api.put(plan, owner.accessToken(), Map.of("amount", -5, "period", "MONTHLY", "dayOfMonth", 10)), 400, "INVALID_AMOUNT");
        refused(api.put(plan, owner.accessToken(), Map.of("amount", Long.MAX_VALUE, "period", "MONTHLY", "dayOfMonth", 10)), 400, "INVALID_AMOUNT");
        refused(api.put(plan, owner.accessToken(), Map.of("amount", 100, "period", "MONTHLY", "dayOfMonth", 31)), 400, "VALIDATION_FAILED");
        refused(api.put(plan, owner.accessToken(), Map.of("amount", 100, "period", "DAILY", "dayOfMonth", 3)), 400, "VALIDATION_FAILED");
        refused(api.put(plan, owner.accessToken(), Map.of("amount", 100, "period", "WEEKLY", "dayOfWeek", 8)), 400, "VALIDATION_FAILED");
        refused(api.put(plan, owner.accessToken(), Map.of("amount", 100, "period", "WEEKLY", "dayOfWeek", 2,
                "startDate", "2026-13-01")), 400, "VALIDATION_FAILED");
        refused(api.get(plan, member.accessToken()), 404, "DUES_PLAN_NOT_FOUND");

        Response set = api.put(plan, owner.accessToken(), good);
        status(set, 200);
        assertThat(set.body().path("currency").asString()).isEqualTo("KRW");
        JsonNode seen = api.get(plan, member.accessToken()).body();
        assertThat(seen.path("amount").asLong()).isEqualTo(10000);
        assertThat(seen.path("dayOfMonth").asInt()).isEqualTo(10);
        // This month is charged already: a new plan starting in it would charge it twice.
        refused(api.put(plan, owner.accessToken(), Map.of("amount", 20000, "period", "MONTHLY", "dayOfMonth", 10)), 409, "DUES_PLAN_OVERLAP");
        refused(api.delete(plan, member.accessToken()), 403, "NOT_TREASURER");
        status(api.delete(plan, owner.accessToken()), 204);
        refused(api.get(plan, member.accessToken()), 404, "DUES_PLAN_NOT_FOUND");
    }

    // ---- paying ----

    @Test
    void aMemberPaysFromTheWalletOnceWithConfirmationAndARetryMovesNothing() {
        User owner = api.newUser("Owner");
        User bora = api.newUser("Bora");
        long room = club(owner, bora);
        status(weeklyDueToday(owner, room, 5000, 0), 200);
        deposit(bora, 20000);
        String week = thisWeek().toString();

        refused(pay(bora, room, week, null), 400, "VALIDATION_FAILED");
        Response wrong = call("POST", "/api/v1/rooms/" + room + "/dues/pay", bora,
                Map.of("password", "wrong horse", "periodStart", week), "k-1");
        refused(wrong, 403, "WRONG_PASSWORD");
        refused(pay(bora, room, thisWeek().minusWeeks(1).toString(), "k-1"), 404, "DUES_CHARGE_NOT_FOUND");
        assertThat(walletBalance(bora)).isEqualTo(20000);

        Response paid = pay(bora, room, week, "k-1");
        status(paid, 200);
        assertThat(paid.body().path("total").asLong()).isEqualTo(5000);
        assertThat(paid.body().path("replayed").asBoolean()).isFalse();
        Response retried = pay(bora, room, week, "k-1");
        status(retried, 200);
        assertThat(retried.body().path("replayed").asBoolean()).isTrue();
        refused(pay(bora, room, week, "k-2"), 409, "DUES_ALREADY_PAID");
        refused(pay(bora, room, null, "k-3"), 409, "DUES_ALREADY_PAID");

        assertThat(walletBalance(bora)).isEqualTo(15000);
        assertThat(groupBalance(room)).isEqualTo(5000);
        JsonNode status = status(bora, room, null);
        assertThat(memberOf(status, bora).path("paid").asBoolean()).isTrue();
        assertThat(memberOf(status, owner).path("paid").asBoolean()).isFalse();
        assertThat(status.path("paidCount").asInt()).isEqualTo(1);
        assertThat(status.path("owedTotal").asLong()).isEqualTo(5000);
    }

    @Test
    void withoutTheMoneyNothingMovesAndTheChargeStaysOwed() {
        User owner = api.newUser("Owner");
        User poor = api.newUser("Poor");
        long room = club(owner, poor);
        status(weeklyDueToday(owner, room, 5000, 0), 200);
        deposit(poor, 4999);
        refused(pay(poor, room, null, "p-1"), 409, "INSUFFICIENT_FUNDS");
        assertThat(walletBalance(poor)).isEqualTo(4999);
        assertThat(groupBalance(room)).isZero();
        assertThat(memberOf(status(owner, room, null), poor).path("paid").asBoolean()).isFalse();
    }

    @Test
    void twoPaymentsOfOneChargeAtOnceMoveTheMoneyOnce() {
        User owner = api.newUser("Owner");
        User bora = api.newUser("Bora");
        long room = club(owner, bora);
        status(weeklyDueToday(owner, room, 7000, 0), 200);
        deposit(bora, 50000);
        String week = thisWeek().toString();
        CyclicBarrier start = new CyclicBarrier(2);
        List<CompletableFuture<Response>> payments = new ArrayList<>();
        for (String key : List.of("race-a", "race-b")) {
            payments.add(CompletableFuture.supplyAsync(() -> {
                try {
                    start.await();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return pay(bora, room, week, key);
            }));
        }
        List<Integer> statuses = payments.stream().map(CompletableFuture::join).map(Response::status).sorted().toList();
        assertThat(statuses).containsExactly(200, 409);
        assertThat(walletBalance(bora)).isEqualTo(43000);
        assertThat(groupBalance(room)).isEqualTo(7000);
    }

    @Test
    void aLateJoinerOwesFromTheNextDueDayAndALeaverKeepsTheDebt() {
        User owner = api.newUser("Owner");
        User bora = api.newUser("Bora");
        long room = club(owner, bora);
        // Started three weeks ago: everyone joined today, after those weeks' due days, so nobody owes them.
        status(weeklyDueToday(owner, room, 3000, 21), 200);
        assertThat(status(owner, room, thisWeek().minusWeeks(2)).path("members")).isEmpty();
        JsonNode now = status(owner, room, thisWeek());
        assertThat(now.path("members")).hasSize(2);
        assertThat(now.path("owedTotal").asLong()).isEqualTo(6000);

        status(api.post("/api/v1/rooms/" + room + "/leave", bora.accessToken(), null), 204);
        JsonNode after = status(owner, room, thisWeek());
        assertThat(memberOf(after, bora).path("member").asBoolean()).isFalse();
        assertThat(memberOf(after, bora).path("paid").asBoolean()).isFalse();
        assertThat(after.path("owedTotal").asLong()).isEqualTo(6000);
        JsonNode statement = api.get("/api/v1/rooms/" + room + "/dues/members/" + bora.id(), owner.accessToken()).body();
        assertThat(statement.path("owedTotal").asLong()).isEqualTo(3000);
        assertThat(statement.path("member").asBoolean()).isFalse();
        // Next week's charges go to the members there are: not to the one who left.
        scheduler.pass(Instant.now().plus(Duration.ofDays(7)));
        JsonNode next = status(owner, room, thisWeek().plusWeeks(1));
        assertThat(next.path("members")).hasSize(1);
        assertThat(memberOf(next, owner)).isNotNull();
    }

    // ---- autopay, catch-up, reminders ----

    @Test
    void autopayPaysEachDueChargeOnceWhenTwoPassesRaceAndCatchesUpMissedWeeks() {
        User owner = api.newUser("Owner");
        User auto = api.newUser("Auto");
        User manual = api.newUser("Manual");
        long room = club(owner, auto, manual);
        deposit(auto, 100000);
        refused(call("PUT", "/api/v1/rooms/" + room + "/dues/autopay", auto, Map.of("password", "nope"), null), 403, "WRONG_PASSWORD");
        status(call("PUT", "/api/v1/rooms/" + room + "/dues/autopay", auto, Map.of("password", PASSWORD), null), 200);
        status(weeklyDueToday(owner, room, 2000, 0), 200);

        racePasses(Instant.now());
        assertThat(groupBalance(room)).isEqualTo(2000);
        assertThat(walletBalance(auto)).isEqualTo(98000);
        racePasses(Instant.now());
        assertThat(groupBalance(room)).isEqualTo(2000);

        // The node was down for three weeks: the next pass charges and pays each of them, once.
        racePasses(Instant.now().plus(Duration.ofDays(21)));
        assertThat(groupBalance(room)).isEqualTo(8000);
        assertThat(walletBalance(auto)).isEqualTo(92000);
        for (int week = 0; week <= 3; week++) {
            JsonNode status = status(owner, room, thisWeek().plusWeeks(week));
            assertThat(memberOf(status, auto).path("paid").asBoolean()).as("week " + week).isTrue();
            assertThat(memberOf(status, manual).path("paid").asBoolean()).as("week " + week).isFalse();
        }
        JsonNode manualStatement = api.get("/api/v1/rooms/" + room + "/dues/members/" + manual.id(), owner.accessToken()).body();
        assertThat(manualStatement.path("charges")).hasSize(4);
        assertThat(manualStatement.path("owedTotal").asLong()).isEqualTo(8000);
        // Paying everything pays the oldest first, all at once.
        deposit(manual, 8000);
        Response all = pay(manual, room, null, "all-1");
        status(all, 200);
        assertThat(all.body().path("charges")).hasSize(4);
        assertThat(all.body().path("charges").get(0).path("periodStart").asString()).isEqualTo(thisWeek().toString());
        assertThat(groupBalance(room)).isEqualTo(16000);
    }

    @Test
    void theReminderIsWrittenOnceAndNotifiesWhoHasNotPaid() {
        User owner = api.newUser("Owner");
        User bora = api.newUser("Bora");
        User auto = api.newUser("Auto");
        long room = club(owner, bora, auto);
        deposit(auto, 10000);
        status(call("PUT", "/api/v1/rooms/" + room + "/dues/autopay", auto, Map.of("password", PASSWORD), null), 200);
        status(weeklyDueToday(owner, room, 1000, 0), 200);

        racePasses(Instant.now());
        racePasses(Instant.now());
        List<JsonNode> reminders = systemNotes(bora, room, "DUES_DUE");
        assertThat(reminders).hasSize(1);
        List<Long> named = new ArrayList<>();
        reminders.getFirst().path("system").path("userIds").forEach(id -> named.add(id.asLong()));
        assertThat(named).containsExactlyInAnyOrder(owner.id(), bora.id());
        JsonNode notifications = api.get("/api/v1/notifications", bora.accessToken()).body();
        List<String> kinds = new ArrayList<>();
        notifications.path("notifications").forEach(n -> kinds.add(n.path("kind").asString()));
        assertThat(kinds).containsOnlyOnce("DUES_DUE");
        JsonNode autoNotes = api.get("/api/v1/notifications", auto.accessToken()).body();
        autoNotes.path("notifications").forEach(n -> assertThat(n.path("kind").asString()).isNotEqualTo("DUES_DUE"));
    }

    // ---- expenses ----

    @Test
    void expensesAreTheManagersWithAReceiptAndAnnouncedInTheRoom() {
        User owner = api.newUser("Owner");
        User bora = api.newUser("Bora");
        User stranger = api.newUser("Stranger");
        long room = club(owner, bora);
        deposit(bora, 10000);
        status(weeklyDueToday(owner, room, 10000, 0), 200);
        status(pay(bora, room, null, "dues-1"), 200);
        StompClient watching = roomEvents(bora, room);

        Response upload = api.upload("POST", "/api/v1/rooms/" + room + "/attachments?name=receipt.jpg", owner.accessToken(),
                jpeg(), Map.of());
        status(upload, 201);
        String receipt = upload.body().path("id").asString();
        String path = "/api/v1/rooms/" + room + "/account/expenses";
        Map<String, Object> body = new HashMap<>(Map.of("amount", 3500, "purpose", "김밥 and water", "spentBy", bora.id(),
                "password", PASSWORD, "receiptAttachmentId", receipt));
        refused(call("POST", path, bora, body, "e-1"), 403, "NOT_TREASURER");
        refused(call("POST", path, stranger, body, "e-1"), 403, "NOT_A_MEMBER");
        refused(call("POST", path, owner, new HashMap<>(Map.of("amount", 0, "purpose", "x", "spentBy", bora.id(),
                "password", PASSWORD)), "e-1"), 400, "INVALID_AMOUNT");
        refused(call("POST", path, owner, new HashMap<>(Map.of("amount", 999999, "purpose", "too much", "spentBy", bora.id(),
                "password", PASSWORD)), "e-2"), 409, "INSUFFICIENT_FUNDS");
        refused(call("POST", path, owner, new HashMap<>(Map.of("amount", 10, "purpose", "x", "spentBy", stranger.id(),
                "password", PASSWORD)), "e-3"), 400, "VALIDATION_FAILED");
        assertThat(groupBalance(room)).isEqualTo(10000);

        Response spent = call("POST", path, owner, body, "e-1");
        status(spent, 201);
        assertThat(spent.body().path("receiptAttachmentId").asString()).isEqualTo(receipt);
        Response again = call("POST", path, owner, body, "e-1");
        assertThat(again.body().path("id").asLong()).isEqualTo(spent.body().path("id").asLong());
        assertThat(groupBalance(room)).isEqualTo(6500);

        JsonNode note = watching.awaitEvent("message", e -> e.path("message").path("type").asString().equals("SYSTEM")
                && e.path("message").path("system").path("event").asString().equals("EXPENSE"));
        assertThat(note.path("message").path("content").asString()).contains("3500").contains("김밥 and water");
        assertThat(systemNotes(bora, room, "EXPENSE")).hasSize(1);
        Api.Download photo = api.download("/api/v1/attachments/" + receipt, bora.accessToken(), Map.of());
        assertThat(photo.status()).isEqualTo(200);
        // A receipt goes with one expense only.
        Response reused = call("POST", path, owner, new HashMap<>(Map.of("amount", 10, "purpose", "again", "spentBy",
                bora.id(), "password", PASSWORD, "receiptAttachmentId", receipt)), "e-4");
        refused(reused, 409, "ATTACHMENT_UNAVAILABLE");
        JsonNode list = api.get(path, bora.accessToken()).body();
        assertThat(list.path("expenses")).hasSize(1);
        assertThat(list.path("expenses").get(0).path("spentBy").path("id").asLong()).isEqualTo(bora.id());
    }

    // ---- live ----

    @Test
    void membersSeeWhoPaidLive() {
        User owner = api.newUser("Owner");
        User bora = api.newUser("Bora");
        long room = club(owner, bora);
        status(weeklyDueToday(owner, room, 1000, 0), 200);
        deposit(bora, 1000);
        StompClient watching = roomEvents(owner, room);
        status(pay(bora, room, null, "live-1"), 200);
        JsonNode event = watching.awaitEvent("dues");
        assertThat(event.path("roomId").asLong()).isEqualTo(room);
        assertThat(event.path("userId").asLong()).isEqualTo(bora.id());
        assertThat(event.path("periodStart").asString()).isEqualTo(thisWeek().toString());
        assertThat(event.path("paid").asBoolean()).isTrue();
    }

    @Test
    void aRefundedPaymentWaivesItsChargeForEveryoneLiveAndIsNeverPaidAgain() {
        User owner = api.newUser("Owner");
        User bora = api.newUser("Bora");
        long room = club(owner, bora);
        status(weeklyDueToday(owner, room, 3000, 0), 200);
        deposit(bora, 10000);
        status(call("PUT", "/api/v1/rooms/" + room + "/dues/autopay", bora, Map.of("password", PASSWORD), null), 200);
        Response paid = pay(bora, room, null, "refund-1");
        status(paid, 200);
        long postingId = paid.body().path("charges").get(0).path("postingId").asLong();
        StompClient watching = roomEvents(owner, room);

        // The owner refunds it: the money goes back, the charge is waived, the room hears it is no longer paid.
        refused(call("POST", "/api/v1/postings/" + postingId + "/reverse", bora, Map.of("password", PASSWORD), "r-0"),
                403, "NOT_TREASURER");
        status(call("POST", "/api/v1/postings/" + postingId + "/reverse", owner,
                Map.of("password", PASSWORD, "reason", "환불"), "r-1"), 201);
        assertThat(walletBalance(bora)).isEqualTo(10000);
        assertThat(groupBalance(room)).isZero();
        JsonNode event = watching.awaitEvent("dues");
        assertThat(event.path("userId").asLong()).isEqualTo(bora.id());
        assertThat(event.path("paid").asBoolean()).isFalse();
        JsonNode status = status(owner, room, null);
        assertThat(memberOf(status, bora).path("paid").asBoolean()).isFalse();
        assertThat(memberOf(status, bora).path("waived").asBoolean()).isTrue();
        assertThat(status.path("unpaidCount").asInt()).as("only the owner owes").isEqualTo(1);
        assertThat(status.path("owedTotal").asLong()).isEqualTo(3000);

        // Waived is waived: neither a payment by hand nor autopay takes it again.
        refused(pay(bora, room, thisWeek().toString(), "refund-2"), 409, "DUES_ALREADY_PAID");
        racePasses(Instant.now());
        assertThat(walletBalance(bora)).isEqualTo(10000);
        assertThat(groupBalance(room)).isZero();
    }

    // ---- reports ----

    @Test
    void theStatementExportsAsExcelFriendlyFormulaSafeCsvAndTheMonthAddsUp() {
        User owner = api.newUser("Owner");
        User bora = api.newUser("Bora");
        long room = club(owner, bora);
        deposit(bora, 30000);
        status(weeklyDueToday(owner, room, 30000, 0), 200);
        status(pay(bora, room, null, "csv-1"), 200);
        String path = "/api/v1/rooms/" + room + "/account/expenses";
        status(call("POST", path, owner, Map.of("amount", 1200, "purpose", "=HYPERLINK(\"http://evil\",\"x\")",
                "spentBy", owner.id(), "password", PASSWORD), "c-1"), 201);
        status(call("POST", path, owner, Map.of("amount", 800, "purpose", "회비 정산, 간식", "spentBy", bora.id(),
                "password", PASSWORD), "c-2"), 201);

        JsonNode statement = api.get("/api/v1/rooms/" + room + "/account/statement", bora.accessToken()).body();
        assertThat(statement.path("entries")).hasSize(3);
        assertThat(statement.path("income").asLong()).isEqualTo(30000);
        assertThat(statement.path("spending").asLong()).isEqualTo(2000);
        assertThat(statement.path("closingBalance").asLong()).isEqualTo(28000);

        Api.Download csv = api.download("/api/v1/rooms/" + room + "/account/statement.csv", bora.accessToken(), Map.of());
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.header("Content-Type")).startsWith("text/csv");
        assertThat(csv.bytes()[0]).isEqualTo((byte) 0xEF);
        assertThat(csv.bytes()[1]).isEqualTo((byte) 0xBB);
        assertThat(csv.bytes()[2]).isEqualTo((byte) 0xBF);
        String text = new String(csv.bytes(), 3, csv.bytes().length - 3, StandardCharsets.UTF_8);
        String[] lines = text.split("\r\n", -1);
        assertThat(lines[0]).isEqualTo("date,kind,purpose,counterparty,by,amount,balance,currency,posting,reference");
        assertThat(lines).hasSize(5);
        assertThat(lines[4]).isEmpty();
        assertThat(text.replace("\r\n", "")).doesNotContain("\n");
        assertThat(text).contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",");
        assertThat(text).doesNotContain(",=HYPERLINK");
        assertThat(text).contains("\"회비 정산, 간식\"");
        assertThat(text).contains(",-1200,");

        JsonNode months = api.get("/api/v1/rooms/" + room + "/account/monthly?months=3", bora.accessToken()).body();
        assertThat(months).hasSize(3);
        JsonNode thisMonth = months.get(2);
        assertThat(thisMonth.path("month").asString()).isEqualTo(java.time.YearMonth.now(SEOUL).toString());
        assertThat(thisMonth.path("income").asLong()).isEqualTo(30000);
        assertThat(thisMonth.path("spending").asLong()).isEqualTo(2000);
        assertThat(months.get(0).path("income").asLong()).isZero();
        refused(api.get("/api/v1/rooms/" + room + "/account/monthly?months=0", bora.accessToken()), 400, "VALIDATION_FAILED");
        refused(api.get("/api/v1/rooms/" + room + "/account/statement?from=2026-02-30", bora.accessToken()), 400, "VALIDATION_FAILED");
    }
}
