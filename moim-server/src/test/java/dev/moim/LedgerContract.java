package dev.moim;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.moim.support.Api;
import dev.moim.support.Api.Response;
import dev.moim.support.Api.User;
import dev.moim.support.Json;
import dev.moim.support.StompClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wallets and group accounts through the public API, on each store: deposits, transfers, statements, idempotent
 * retries, reversals, group accounts with treasurers, confirmation by PIN or password, and many transfers at once
 * between the same accounts. Every refusal is typed and moves nothing; after every test the books reconcile.
 *
 * <p>Every transfer is confirmed by a password (BCrypt). With the default small hashing pool the checks finish one
 * at a time and the transfers behind them hardly meet; sixteen hashing threads let them finish together, so the
 * transfers really do contend for the same rows (without the row locks these tests fail).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"moim.auth.signups-per-ip.count=10000", "moim.rooms.member-adds.count=100000",
                "moim.accounts.password-checks-per-user.count=10000", "moim.auth.hashing-queue-capacity=1000",
                "moim.auth.hashing-threads=16",
                "moim.ledger.pin-attempts.count=3", "moim.ledger.currencies=KRW,USD",
                "moim.http.trusted-proxies=127.0.0.1"})
abstract class LedgerContract {

    private static final String PASSWORD = "correct horse";

    @LocalServerPort
    int port;

    Api api;
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<StompClient> sockets = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new Api(port);
    }

    @AfterEach
    void booksReconcile() throws Exception {
        sockets.forEach(StompClient::close);
        HttpResponse<String> reconciliation = admin(null);
        assertThat(reconciliation.statusCode()).as(reconciliation.body()).isEqualTo(200);
        JsonNode books = Json.MAPPER.readTree(reconciliation.body());
        assertThat(books.path("balanced").asBoolean()).as(reconciliation.body()).isTrue();
        assertThat(books.path("sumOfAllEntries").asLong()).isZero();
        assertThat(books.path("accountsWhoseBalanceDiffersFromEntries").isEmpty()).isTrue();
        assertThat(books.path("entries").asLong()).isEqualTo(2 * books.path("postings").asLong());
    }

    // ---- helpers ----

    /** A JSON call with headers (an Idempotency-Key), the body given as raw JSON text. */
    private Response call(String method, String path, User user, String json, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        if (user != null) {
            request.header("Authorization", "Bearer " + user.accessToken());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String type = response.headers().firstValue("Content-Type").orElse("");
            JsonNode body = response.body().isBlank() || !type.contains("json")
                    ? Json.MAPPER.missingNode() : Json.MAPPER.readTree(response.body());
            return new Response(response.statusCode(), body, type);
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed", e);
        }
    }

    private Response keyed(String path, User user, String key, Object body) {
        return call("POST", path, user, body instanceof String raw ? raw : Json.of(body),
                key == null ? Map.of() : Map.of("Idempotency-Key", key));
    }

    private Response deposit(User user, Object amount, String key) {
        return keyed("/api/v1/wallet/deposits", user, key, "{\"amount\":" + amount + "}");
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private Response send(User user, Map<String, Object> body, String key) {
        Map<String, Object> confirmed = new HashMap<>(body);
        if (!confirmed.containsKey("pin")) {
            confirmed.putIfAbsent("password", PASSWORD);
        }
        return keyed("/api/v1/transfers", user, key, confirmed);
    }

    /** From the user's wallet to another user's wallet, confirmed by the password. */
    private Response pay(User from, User to, long amount) {
        return send(from, Map.of("toUserId", to.id(), "amount", amount), key());
    }

    private JsonNode wallet(User user) {
        Response wallet = api.get("/api/v1/wallet", user.accessToken());
        status(wallet, 200);
        return wallet.body();
    }

    private long balance(User user) {
        return wallet(user).path("balance").asLong();
    }

    private JsonNode groupAccount(User user, long roomId) {
        Response account = api.get("/api/v1/rooms/" + roomId + "/account", user.accessToken());
        status(account, 200);
        return account.body();
    }

    private long openAccount(User owner, long roomId, String currency) {
        Response opened = api.post("/api/v1/rooms/" + roomId + "/account", owner.accessToken(),
                currency == null ? Map.of() : Map.of("currency", currency));
        status(opened, 201);
        return opened.body().path("id").asLong();
    }

    private List<JsonNode> entries(User user, long accountId, String query) {
        Response page = api.get("/api/v1/accounts/" + accountId + "/entries" + (query.isEmpty() ? "" : "?" + query),
                user.accessToken());
        status(page, 200);
        List<JsonNode> entries = new ArrayList<>();
        page.body().path("entries").forEach(entries::add);
        return entries;
    }

    private static void status(Response response, int status) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
    }

    private static void refused(Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.code()).as(response.toString()).isEqualTo(code);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    private StompClient personal(User user) {
        StompClient client = StompClient.connect(port, user.accessToken());
        sockets.add(client);
        client.subscribe("/user/queue/events");
        return client;
    }

    private StompClient roomEvents(User user, long roomId) {
        StompClient client = StompClient.connect(port, user.accessToken());
        sockets.add(client);
        client.subscribe("/topic/rooms/" + roomId);
        return client;
    }

    /** GET /actuator/ledger, from this machine or, through the trusted proxy, on behalf of {@code forwardedFor}. */
    private HttpResponse<String> admin(String forwardedFor) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/ledger"));
        if (forwardedFor != null) {
            request.header("X-Forwarded-For", forwardedFor);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static <T> List<T> together(int threads, List<Callable<T>> calls) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<T>> running = pool.invokeAll(calls);
            List<T> results = new ArrayList<>();
            for (Future<T> result : running) {
                results.add(result.get());
            }
            return results;
        }
    }

    // ---- deposits, transfers, statements ----

    @Test
    void depositsAndTransfersMoveMoneyWithBalancedEntriesAndAStatementThatPages() {
        User ara = api.newUser("Ara");
        User bo = api.newUser("Bo");
        JsonNode empty = wallet(ara);
        assertThat(empty.path("kind").asString()).isEqualTo("WALLET");
        assertThat(empty.path("currency").asString()).isEqualTo("KRW");
        assertThat(empty.path("minorUnits").asInt()).isZero();
        assertThat(empty.path("balance").asLong()).isZero();
        assertThat(empty.path("hasPin").asBoolean()).isFalse();

        Response deposited = deposit(ara, 50_000, key());
        status(deposited, 201);
        assertThat(deposited.body().path("kind").asString()).isEqualTo("DEPOSIT");
        assertThat(deposited.body().path("toAccountId").asLong()).isEqualTo(empty.path("id").asLong());
        assertThat(deposited.body().path("replayed").asBoolean()).isFalse();

        Response paid = send(ara, Map.of("toUserId", bo.id(), "amount", 12_000, "memo", "점심값"), key());
        status(paid, 201);
        assertThat(paid.body().path("kind").asString()).isEqualTo("TRANSFER");
        assertThat(paid.body().path("memo").asString()).isEqualTo("점심값");
        assertThat(balance(ara)).isEqualTo(38_000);
        assertThat(balance(bo)).isEqualTo(12_000);

        // Ara's statement, newest first, each line with the balance after it and the other side.
        long araWallet = empty.path("id").asLong();
        long boWallet = wallet(bo).path("id").asLong();
        List<JsonNode> lines = entries(ara, araWallet, "");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("amount").asLong()).isEqualTo(-12_000);
        assertThat(lines.get(0).path("balanceAfter").asLong()).isEqualTo(38_000);
        assertThat(lines.get(0).path("counterpartyAccountId").asLong()).isEqualTo(boWallet);
        assertThat(lines.get(1).path("amount").asLong()).isEqualTo(50_000);
        assertThat(lines.get(1).path("balanceAfter").asLong()).isEqualTo(50_000);
        assertThat(entries(bo, boWallet, "").getFirst().path("amount").asLong()).isEqualTo(12_000);

        // Paging: five more, two at a time, back to the first, no line twice.
        for (int i = 1; i <= 5; i++) {
            status(pay(ara, bo, i), 201);
        }
        List<Long> seen = new ArrayList<>();
        String query = "limit=2";
        while (true) {
            Response page = api.get("/api/v1/accounts/" + araWallet + "/entries?" + query, ara.accessToken());
            status(page, 200);
            page.body().path("entries").forEach(e -> seen.add(e.path("id").asLong()));
            if (page.body().path("nextBefore").isNull()) {
                break;
            }
            query = "limit=2&before=" + page.body().path("nextBefore").asLong();
        }
        assertThat(seen).hasSize(7).doesNotHaveDuplicates();
        assertThat(seen).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(entries(ara, araWallet, "limit=1").getFirst().path("balanceAfter").asLong()).isEqualTo(38_000 - 15);
        // A window in time: nothing before the first deposit.
        String first = lines.get(1).path("at").asString();
        assertThat(entries(ara, araWallet, "to=" + first)).isEmpty();
        assertThat(entries(ara, araWallet, "from=" + first)).hasSize(7);
        refused(api.get("/api/v1/accounts/" + araWallet + "/entries?limit=0", ara.accessToken()), 400, "VALIDATION_FAILED");
        refused(api.get("/api/v1/accounts/" + araWallet + "/entries?from=yesterday", ara.accessToken()), 400,
                "MALFORMED_REQUEST");
    }

    @Test
    void depositsStayWithinTheirLimits() {
        User ara = api.newUser("Ara");
        refused(deposit(ara, 1_000_001, key()), 422, "DEPOSIT_LIMIT_EXCEEDED");
        status(deposit(ara, 1_000_000, key()), 201);
        status(deposit(ara, 1_000_000, key()), 201);
        status(deposit(ara, 1_000_000, key()), 201);
        refused(deposit(ara, 1, key()), 422, "DEPOSIT_LIMIT_EXCEEDED");
        assertThat(balance(ara)).isEqualTo(3_000_000);
    }

    // ---- idempotency ----

    @Test
    void aRetryMovesMoneyOnceAndAKeyReusedForOtherMoneyIsRefused() {
        User ara = api.newUser("Ara");
        User bo = api.newUser("Bo");
        String depositKey = key();
        Response first = deposit(ara, 10_000, depositKey);
        status(first, 201);
        Response again = deposit(ara, 10_000, depositKey);
        status(again, 200);
        assertThat(again.body().path("replayed").asBoolean()).isTrue();
        assertThat(again.body().path("id").asLong()).isEqualTo(first.body().path("id").asLong());
        assertThat(balance(ara)).isEqualTo(10_000);

        String transferKey = key();
        Response paid = send(ara, Map.of("toUserId", bo.id(), "amount", 3_000), transferKey);
        status(paid, 201);
        Response retried = send(ara, Map.of("toUserId", bo.id(), "amount", 3_000), transferKey);
        status(retried, 200);
        assertThat(retried.body().path("id").asLong()).isEqualTo(paid.body().path("id").asLong());
        // The same key for another amount, or another deposit: refused, nothing moves.
        refused(send(ara, Map.of("toUserId", bo.id(), "amount", 4_000), transferKey), 409, "IDEMPOTENCY_KEY_REUSED");
        refused(deposit(ara, 500, transferKey), 409, "IDEMPOTENCY_KEY_REUSED");
        assertThat(balance(ara)).isEqualTo(7_000);
        assertThat(balance(bo)).isEqualTo(3_000);
        // A key is the user's own: Bo may use the same one for his own transfer.
        status(send(bo, Map.of("toUserId", ara.id(), "amount", 1_000), transferKey), 201);
        // No key, or a key that is too long, moves nothing.
        refused(keyed("/api/v1/wallet/deposits", ara, null, "{\"amount\":1}"), 400, "VALIDATION_FAILED");
        refused(deposit(ara, 1, "k".repeat(101)), 400, "VALIDATION_FAILED");
        assertThat(balance(ara)).isEqualTo(8_000);
    }

    @Test
    void aRetrySentManyTimesAtOnceMovesTheMoneyOnce() throws Exception {
        User ara = api.newUser("Ara");
        User bo = api.newUser("Bo");
        status(deposit(ara, 1_000, key()), 201);
        String retryKey = key();
        List<Callable<Response>> retries = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            retries.add(() -> send(ara, Map.of("toUserId", bo.id(), "amount", 700), retryKey));
        }
        List<Response> answers = together(12, retries);
        assertThat(answers).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201));
        assertThat(answers.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(answers.stream().map(r -> r.body().path("id").asLong()).distinct()).hasSize(1);
        assertThat(balance(ara)).isEqualTo(300);
        assertThat(balance(bo)).isEqualTo(700);

        // A deposit retried at once, also when it alone reaches the day's limit, is one deposit.
        String depositKey = key();
        List<Callable<Response>> deposits = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            deposits.add(() -> deposit(bo, 1_000_000, depositKey));
        }
        List<Response> deposited = together(8, deposits);
        assertThat(deposited).allSatisfy(r -> assertThat(r.status()).as(r.toString()).isIn(200, 201));
        assertThat(deposited.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(balance(bo)).isEqualTo(1_000_700);
    }

    // ---- contention ----

    @Test
    void manyTransfersBackAndForthAtOnceLoseNothingAndNeverOverdraw() throws Exception {
        User ara = api.newUser("Ara");
        User bo = api.newUser("Bo");
        status(deposit(ara, 1_000, key()), 201);
        status(deposit(bo, 1_000, key()), 201);
        List<Callable<Response>> transfers = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // Large enough that many would overdraw if two read the same balance.
            long amount = 150 + (i * 37) % 400;
            amounts.add(amount);
            User from = i % 2 == 0 ? ara : bo;
            User to = i % 2 == 0 ? bo : ara;
            transfers.add(() -> pay(from, to, amount));
        }
        List<Response> answers = together(16, transfers);
        long araOut = 0;
        long boOut = 0;
        int moved = 0;
        for (int i = 0; i < answers.size(); i++) {
            Response answer = answers.get(i);
            if (answer.status() == 201) {
                moved++;
                if (i % 2 == 0) {
                    araOut += amounts.get(i);
                } else {
                    boOut += amounts.get(i);
                }
            } else {
                refused(answer, 409, "INSUFFICIENT_FUNDS");
            }
        }
        assertThat(moved).isGreaterThan(0);
        long araBalance = balance(ara);
        long boBalance = balance(bo);
        assertThat(araBalance).isEqualTo(1_000 - araOut + boOut).isNotNegative();
        assertThat(boBalance).isEqualTo(1_000 - boOut + araOut).isNotNegative();
        assertThat(araBalance + boBalance).isEqualTo(2_000);
        // Every movement is on both statements, and each line's balance follows from the one before.
        List<JsonNode> lines = entries(ara, wallet(ara).path("id").asLong(), "limit=200");
        assertThat(lines).hasSize(1 + moved);
        for (int i = 0; i < lines.size() - 1; i++) {
            assertThat(lines.get(i).path("balanceAfter").asLong())
                    .isEqualTo(lines.get(i + 1).path("balanceAfter").asLong() + lines.get(i).path("amount").asLong());
            assertThat(lines.get(i).path("balanceAfter").asLong()).isNotNegative();
        }
    }

    @Test
    void manyTransfersFromOneWalletToManyAtOnceSpendExactlyWhatIsThere() throws Exception {
        User ara = api.newUser("Ara");
        List<User> friends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            friends.add(api.newUser("Friend" + i));
        }
        status(deposit(ara, 1_000, key()), 201);
        List<Callable<Response>> transfers = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            User to = friends.get(i % friends.size());
            transfers.add(() -> pay(ara, to, 30));
        }
        List<Response> answers = together(16, transfers);
        // 1,000 holds 33 transfers of 30: exactly those go through, the other 17 find too little left.
        assertThat(answers.stream().filter(r -> r.status() == 201)).hasSize(33);
        answers.stream().filter(r -> r.status() != 201).forEach(r -> refused(r, 409, "INSUFFICIENT_FUNDS"));
        assertThat(balance(ara)).isEqualTo(10);
        assertThat(friends.stream().mapToLong(this::balance).sum()).isEqualTo(990);
    }

    // ---- bad amounts ----

    @Test
    void amountsThatAreNotWholePositiveAndInRangeAreRefused() {
        User ara = api.newUser("Ara");
        User bo = api.newUser("Bo");
        status(deposit(ara, 1_000, key()), 201);
        for (String amount : List.of("0", "-5", "1.5", "1e3", "1000.0", "\"100\"", "null", "1000000000000001",
                "9223372036854775808", "99999999999999999999999999", "true", "[1]")) {
            refused(deposit(ara, amount, key()), 400, "INVALID_AMOUNT");
            refused(keyed("/api/v1/transfers", ara, key(),
                    "{\"toUserId\":" + bo.id() + ",\"amount\":" + amount + ",\"password\":\"" + PASSWORD + "\"}"),
                    400, "INVALID_AMOUNT");
        }
        refused(keyed("/api/v1/transfers", ara, key(), "{\"toUserId\":" + bo.id() + ",\"password\":\"" + PASSWORD + "\"}"),
                400, "INVALID_AMOUNT");
        // More than the wallet holds, and the largest amount there is.
        refused(pay(ara, bo, 1_001), 409, "INSUFFICIENT_FUNDS");
        refused(pay(ara, bo, 1_000_000_000_000_000L), 409, "INSUFFICIENT_FUNDS");
        // To oneself.
        refused(send(ara, Map.of("toUserId", ara.id(), "amount", 1), key()), 400, "VALIDATION_FAILED");
        refused(send(ara, Map.of("toUserId", bo.id(), "amount", 1, "memo", "x".repeat(201)), key()), 400, "VALIDATION_FAILED");
        assertThat(balance(ara)).isEqualTo(1_000);
        assertThat(balance(bo)).isZero();
    }

    // ---- reversal ----

    @Test
    void aReversalMovesTheMoneyBackOnceAndNeverOverdraws() {
        User ara = api.newUser("Ara");
        User bo = api.newUser("Bo");
        Response deposited = deposit(ara, 5_000, key());
        status(deposited, 201);
        long depositId = deposited.body().path("id").asLong();
        String reverseKey = key();
        Response reversed = keyed("/api/v1/postings/" + depositId + "/reverse", ara, reverseKey,
                Map.of("reason", "잘못 입금", "password", PASSWORD));
        status(reversed, 201);
        assertThat(reversed.body().path("kind").asString()).isEqualTo("REVERSAL");
        assertThat(reversed.body().path("reversesId").asLong()).isEqualTo(depositId);
        assertThat(reversed.body().path("toAccountId").asLong()).isEqualTo(deposited.body().path("fromAccountId").asLong());
        assertThat(balance(ara)).isZero();
        // The same request again is a replay; a new one is refused: a posting is reversed once.
        status(keyed("/api/v1/postings/" + depositId + "/reverse", ara, reverseKey,
                Map.of("reason", "잘못 입금", "password", PASSWORD)), 200);
        refused(keyed("/api/v1/postings/" + depositId + "/reverse", ara, key(), Map.of("password", PASSWORD)),
                409, "ALREADY_REVERSED");
        // Nothing is edited: the statement shows the deposit and its reversal, pointing to it.
        List<JsonNode> lines = entries(ara, wallet(ara).path("id").asLong(), "");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).path("kind").asString()).isEqualTo("REVERSAL");
        assertThat(lines.get(0).path("reversesId").asLong()).isEqualTo(depositId);
        assertThat(lines.get(0).path("memo").asString()).isEqualTo("잘못 입금");

        // A deposit whose money was spent since cannot be taken back.
        Response second = deposit(ara, 2_000, key());
        status(pay(ara, bo, 1_500), 201);
        refused(keyed("/api/v1/postings/" + second.body().path("id").asLong() + "/reverse", ara, key(),
                Map.of("password", PASSWORD)), 409, "INSUFFICIENT_FUNDS");
        // Bo cannot reverse Ara's deposit (he cannot see it), nor take back what he was paid.
        refused(keyed("/api/v1/postings/" + second.body().path("id").asLong() + "/reverse", bo, key(),
                Map.of("password", PASSWORD)), 404, "POSTING_NOT_FOUND");
        assertThat(balance(ara)).isEqualTo(500);
        assertThat(balance(bo)).isEqualTo(1_500);
    }

    // ---- group accounts ----

    @Test
    void aGroupAccountIsRunByItsOwnerAndTreasurersAndSeenByItsMembers() {
        User owner = api.newUser("Owner");
        User treasurer = api.newUser("Treasurer");
        User member = api.newUser("Member");
        User stranger = api.newUser("Stranger");
        long room = api.group(owner, "등산 모임", treasurer, member);
        refused(api.post("/api/v1/rooms/" + room + "/account", member.accessToken(), Map.of()), 403, "NOT_OWNER");
        refused(api.post("/api/v1/rooms/" + room + "/account", owner.accessToken(), Map.of("currency", "XYZ")),
                400, "VALIDATION_FAILED");
        long account = openAccount(owner, room, null);
        refused(api.post("/api/v1/rooms/" + room + "/account", owner.accessToken(), Map.of()), 409, "ACCOUNT_EXISTS");
        long direct = api.direct(owner, member);
        refused(api.post("/api/v1/rooms/" + direct + "/account", owner.accessToken(), Map.of()), 400, "OPERATION_NOT_ALLOWED");

        JsonNode seen = groupAccount(member, room);
        assertThat(seen.path("account").path("id").asLong()).isEqualTo(account);
        assertThat(seen.path("account").path("kind").asString()).isEqualTo("GROUP");
        assertThat(seen.path("mayManage").asBoolean()).isFalse();
        assertThat(groupAccount(owner, room).path("mayManage").asBoolean()).isTrue();

        // Members pay in; the group account's money goes out only by its owner or a treasurer.
        status(deposit(member, 30_000, key()), 201);
        status(send(member, Map.of("toAccountId", account, "amount", 20_000), key()), 201);
        refused(send(member, Map.of("fromAccountId", account, "toUserId", member.id(), "amount", 1_000), key()),
                403, "NOT_TREASURER");
        refused(send(treasurer, Map.of("fromAccountId", account, "toUserId", treasurer.id(), "amount", 1_000), key()),
                403, "NOT_TREASURER");
        refused(api.put("/api/v1/rooms/" + room + "/account/treasurers/" + treasurer.id(), member.accessToken(), Map.of()),
                403, "NOT_OWNER");
        refused(api.put("/api/v1/rooms/" + room + "/account/treasurers/" + stranger.id(), owner.accessToken(), Map.of()),
                403, "NOT_A_MEMBER");
        Response appointed = api.put("/api/v1/rooms/" + room + "/account/treasurers/" + treasurer.id(), owner.accessToken(), Map.of());
        status(appointed, 200);
        assertThat(appointed.body().path("treasurerIds").get(0).asLong()).isEqualTo(treasurer.id());
        assertThat(groupAccount(treasurer, room).path("mayManage").asBoolean()).isTrue();
        status(send(treasurer, Map.of("fromAccountId", account, "toUserId", treasurer.id(), "amount", 5_000,
                "memo", "간식"), key()), 201);
        status(send(owner, Map.of("fromAccountId", account, "toUserId", owner.id(), "amount", 5_000), key()), 201);
        refused(send(owner, Map.of("fromAccountId", account, "toUserId", owner.id(), "amount", 10_001), key()),
                409, "INSUFFICIENT_FUNDS");
        status(api.delete("/api/v1/rooms/" + room + "/account/treasurers/" + treasurer.id(), owner.accessToken()), 200);
        refused(send(treasurer, Map.of("fromAccountId", account, "toUserId", treasurer.id(), "amount", 1), key()),
                403, "NOT_TREASURER");

        // A treasurer who leaves stops being one: invited back, they are a member until the owner appoints them again.
        status(api.put("/api/v1/rooms/" + room + "/account/treasurers/" + treasurer.id(), owner.accessToken(), Map.of()), 200);
        status(api.post("/api/v1/rooms/" + room + "/leave", treasurer.accessToken(), null), 204);
        status(api.post("/api/v1/rooms/" + room + "/members", owner.accessToken(), Map.of("userIds", List.of(treasurer.id()))), 204);
        assertThat(groupAccount(treasurer, room).path("mayManage").asBoolean()).isFalse();
        assertThat(groupAccount(owner, room).path("treasurerIds")).isEmpty();
        refused(send(treasurer, Map.of("fromAccountId", account, "toUserId", treasurer.id(), "amount", 1), key()),
                403, "NOT_TREASURER");
        status(api.put("/api/v1/rooms/" + room + "/account/treasurers/" + treasurer.id(), owner.accessToken(), Map.of()), 200);
        assertThat(groupAccount(treasurer, room).path("mayManage").asBoolean()).isTrue();
        status(api.delete("/api/v1/rooms/" + room + "/account/treasurers/" + treasurer.id(), owner.accessToken()), 200);
        assertThat(groupAccount(member, room).path("account").path("balance").asLong()).isEqualTo(10_000);

        // A manager refunds a member's payment into the account; a plain member cannot.
        Response dues = send(member, Map.of("toAccountId", account, "amount", 3_000), key());
        status(dues, 201);
        long duesId = dues.body().path("id").asLong();
        refused(keyed("/api/v1/postings/" + duesId + "/reverse", member, key(), Map.of("password", PASSWORD)),
                403, "NOT_TREASURER");
        status(keyed("/api/v1/postings/" + duesId + "/reverse", owner, key(), Map.of("password", PASSWORD)), 201);
        assertThat(balance(member)).isEqualTo(10_000);

        // Members see the books; a stranger sees nothing at all.
        assertThat(entries(member, account, "")).hasSize(5);
        refused(api.get("/api/v1/rooms/" + room + "/account", stranger.accessToken()), 404, "ACCOUNT_NOT_FOUND");
        refused(api.get("/api/v1/accounts/" + account, stranger.accessToken()), 404, "ACCOUNT_NOT_FOUND");
        refused(api.get("/api/v1/accounts/" + account + "/entries", stranger.accessToken()), 404, "ACCOUNT_NOT_FOUND");
        refused(send(stranger, Map.of("toAccountId", account, "amount", 1), key()), 404, "ACCOUNT_NOT_FOUND");
        refused(send(stranger, Map.of("fromAccountId", account, "toUserId", stranger.id(), "amount", 1), key()),
                404, "ACCOUNT_NOT_FOUND");
    }

    @Test
    void moneyOnlyMovesBetweenAccountsOfOneCurrency() {
        User owner = api.newUser("Owner");
        long room = api.group(owner, "Travel club");
        long usd = openAccount(owner, room, "USD");
        JsonNode account = groupAccount(owner, room).path("account");
        assertThat(account.path("currency").asString()).isEqualTo("USD");
        assertThat(account.path("minorUnits").asInt()).isEqualTo(2);
        status(deposit(owner, 10_000, key()), 201);
        refused(send(owner, Map.of("toAccountId", usd, "amount", 1_000), key()), 422, "CURRENCY_MISMATCH");
        assertThat(balance(owner)).isEqualTo(10_000);
        assertThat(account.path("balance").asLong()).isZero();
    }

    // ---- confirmation ----

    @Test
    void moneyLeavesAWalletOnlyWithThePinOrPasswordAndWrongPinsAreLimited() {
        User ara = api.newUser("Ara");
        User bo = api.newUser("Bo");
        status(deposit(ara, 10_000, key()), 201);
        refused(send(ara, Map.of("toUserId", bo.id(), "amount", 100, "pin", "123456"), key()), 409, "PAYMENT_PIN_NOT_SET");
        refused(keyed("/api/v1/transfers", ara, key(), Map.of("toUserId", bo.id(), "amount", 100)), 400, "VALIDATION_FAILED");
        refused(send(ara, Map.of("toUserId", bo.id(), "amount", 100, "password", "wrong horse"), key()), 403, "WRONG_PASSWORD");

        refused(api.put("/api/v1/wallet/pin", ara.accessToken(), Map.of("pin", "12345", "password", PASSWORD)), 400,
                "VALIDATION_FAILED");
        refused(api.put("/api/v1/wallet/pin", ara.accessToken(), Map.of("pin", "123456", "password", "wrong horse")),
                403, "WRONG_PASSWORD");
        status(api.put("/api/v1/wallet/pin", ara.accessToken(), Map.of("pin", "123456", "password", PASSWORD)), 204);
        assertThat(wallet(ara).path("hasPin").asBoolean()).isTrue();
        status(send(ara, Map.of("toUserId", bo.id(), "amount", 100, "pin", "123456"), key()), 201);
        // Both at once is no clearer than neither.
        refused(send(ara, Map.of("toUserId", bo.id(), "amount", 100, "pin", "123456", "password", PASSWORD), key()),
                400, "VALIDATION_FAILED");

        // Three wrong PINs (moim.ledger.pin-attempts here), then even the right one waits.
        for (int i = 0; i < 3; i++) {
            refused(send(ara, Map.of("toUserId", bo.id(), "amount", 100, "pin", "00000" + i), key()), 403, "WRONG_PAYMENT_PIN");
        }
        refused(send(ara, Map.of("toUserId", bo.id(), "amount", 100, "pin", "654321"), key()), 429, "RATE_LIMITED");
        refused(send(ara, Map.of("toUserId", bo.id(), "amount", 100, "pin", "123456"), key()), 429, "RATE_LIMITED");
        // The password still works, and removing the PIN needs it.
        status(send(ara, Map.of("toUserId", bo.id(), "amount", 100), key()), 201);
        refused(api.delete("/api/v1/wallet/pin", ara.accessToken(), Map.of("password", "nope")), 403, "WRONG_PASSWORD");
        status(api.delete("/api/v1/wallet/pin", ara.accessToken(), Map.of("password", PASSWORD)), 204);
        assertThat(wallet(ara).path("hasPin").asBoolean()).isFalse();
        assertThat(balance(ara)).isEqualTo(9_800);
        assertThat(balance(bo)).isEqualTo(200);
    }

    @Test
    void strangersSeeNoAccountButTheirOwn() {
        User ara = api.newUser("Ara");
        User eve = api.newUser("Eve");
        long araWallet = wallet(ara).path("id").asLong();
        status(deposit(ara, 1_000, key()), 201);
        refused(api.get("/api/v1/accounts/" + araWallet, eve.accessToken()), 404, "ACCOUNT_NOT_FOUND");
        refused(api.get("/api/v1/accounts/" + araWallet + "/entries", eve.accessToken()), 404, "ACCOUNT_NOT_FOUND");
        refused(api.get("/api/v1/accounts/999999999", eve.accessToken()), 404, "ACCOUNT_NOT_FOUND");
        refused(send(eve, Map.of("fromAccountId", araWallet, "toUserId", eve.id(), "amount", 1), key()), 404,
                "ACCOUNT_NOT_FOUND");
        refused(send(eve, Map.of("toUserId", 999_999_999L, "amount", 1), key()), 404, "ACCOUNT_NOT_FOUND");
        // The world outside (where deposits come from) is nobody's to see or pay.
        long outside = entries(ara, araWallet, "").getFirst().path("counterpartyAccountId").asLong();
        refused(api.get("/api/v1/accounts/" + outside, ara.accessToken()), 404, "ACCOUNT_NOT_FOUND");
        refused(send(ara, Map.of("toAccountId", outside, "amount", 1), key()), 404, "ACCOUNT_NOT_FOUND");
        refused(api.get("/api/v1/wallet", null), 401, "UNAUTHENTICATED");
        assertThat(balance(ara)).isEqualTo(1_000);
    }

    @Test
    void aWithdrawnUsersWalletClosesAndKeepsItsBooks() {
        User ara = api.newUser("Ara");
        User bo = api.newUser("Bo");
        status(deposit(ara, 1_000, key()), 201);
        status(pay(ara, bo, 400), 201);
        long boWallet = wallet(bo).path("id").asLong();
        status(api.delete("/api/v1/users/me", bo.accessToken(), Map.of("password", PASSWORD)), 204);
        refused(pay(ara, bo, 100), 409, "ACCOUNT_CLOSED");
        refused(send(ara, Map.of("toAccountId", boWallet, "amount", 100), key()), 409, "ACCOUNT_CLOSED");
        // Ara's statement still shows what she paid him.
        assertThat(entries(ara, wallet(ara).path("id").asLong(), "").getFirst().path("counterpartyAccountId").asLong())
                .isEqualTo(boWallet);
        assertThat(balance(ara)).isEqualTo(600);
    }

    // ---- live events and the operator's command ----

    @Test
    void walletAndAccountChangesArriveLive() {
        User owner = api.newUser("Owner");
        User member = api.newUser("Member");
        long room = api.group(owner, "Book club", member);
        StompClient ownersEvents = personal(owner);
        StompClient roomLive = roomEvents(member, room);
        long account = openAccount(owner, room, "KRW");
        assertThat(roomLive.awaitEvent("account").path("account").path("id").asLong()).isEqualTo(account);

        status(deposit(owner, 7_000, key()), 201);
        JsonNode topUp = ownersEvents.awaitEvent("wallet", e -> e.path("account").path("balance").asLong() == 7_000);
        assertThat(topUp.path("account").path("kind").asString()).isEqualTo("WALLET");
        assertThat(topUp.path("account").path("userId").asLong()).isEqualTo(owner.id());

        status(send(owner, Map.of("toAccountId", account, "amount", 2_500), key()), 201);
        ownersEvents.awaitEvent("wallet", e -> e.path("account").path("balance").asLong() == 4_500);
        JsonNode paidIn = roomLive.awaitEvent("account", e -> e.path("account").path("balance").asLong() == 2_500);
        assertThat(paidIn.path("roomId").asLong()).isEqualTo(room);
        assertThat(paidIn.path("account").path("kind").asString()).isEqualTo("GROUP");
    }

    @Test
    void theReconciliationAnswersTheOperatorOnly() throws Exception {
        User ara = api.newUser("Ara");
        status(deposit(ara, 1_000, key()), 201);
        HttpResponse<String> books = admin(null);
        assertThat(books.statusCode()).isEqualTo(200);
        JsonNode reconciliation = Json.MAPPER.readTree(books.body());
        assertThat(reconciliation.path("balanced").asBoolean()).isTrue();
        assertThat(reconciliation.path("postings").asLong()).isPositive();
        HttpResponse<String> outsider = admin("203.0.113.7");
        assertThat(outsider.statusCode()).isEqualTo(403);
        assertThat(outsider.body()).doesNotContain("balanced");
    }
}
