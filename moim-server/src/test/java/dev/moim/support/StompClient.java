package dev.moim.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import tools.jackson.databind.JsonNode;

/**
 * A STOMP 1.2 client over a real WebSocket (the JDK's), written for tests so that they can also send what a
 * well-behaved client library never would: frames without a token, malformed bodies, oversize frames.
 */
public final class StompClient implements AutoCloseable {

    public static final Duration WAIT = Duration.ofSeconds(10);

    /** Held on purpose: an unreachable JDK HttpClient closes its connections when collected. */
    private final HttpClient http = HttpClient.newHttpClient();
    private final WebSocket socket;
    private final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger ids = new AtomicInteger();
    /** Frames read past while waiting for another; later waits still see them. */
    private final List<Frame> seen = new ArrayList<>();

    private StompClient(int port) {
        Listener listener = new Listener();
        this.socket = http.newWebSocketBuilder()
                .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ws"), listener)
                .join();
    }

    /** Opens the socket without sending CONNECT. */
    public static StompClient open(int port) {
        return new StompClient(port);
    }

    /** Opens the socket and connects with the token; fails the test unless CONNECTED comes back. */
    public static StompClient connect(int port, String accessToken) {
        StompClient client = open(port);
        Frame reply = client.connectWith(accessToken);
        if (!reply.command().equals("CONNECTED")) {
            throw new AssertionError("Expected CONNECTED, got " + reply);
        }
        return client;
    }

    /** Sends CONNECT (with the token when not null) and returns the server's first reply. */
    public Frame connectWith(String accessToken) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("accept-version", "1.2");
        headers.put("host", "localhost");
        headers.put("heart-beat", "0,0");
        if (accessToken != null) {
            headers.put("Authorization", "Bearer " + accessToken);
        }
        send("CONNECT", headers, "");
        return await(f -> true, WAIT);
    }

    public void send(String command, Map<String, String> headers, String body) {
        socket.sendText(frame(command, headers, body), true).join();
    }

    /** One frame's text, as {@link #send} writes it; several joined make one WebSocket message ({@link #sendRaw}). */
    public static String frame(String command, Map<String, String> headers, String body) {
        StringBuilder frame = new StringBuilder(command).append('\n');
        headers.forEach((name, value) -> frame.append(name).append(':').append(value).append('\n'));
        return frame.append('\n').append(body).append('\0').toString();
    }

    /**
     * Sends a frame unless the server has closed the socket already (as it does right after an ERROR frame);
     * returns whether the frame went out.
     */
    public boolean sendIfOpen(String command, Map<String, String> headers, String body) {
        try {
            send(command, headers, body);
            return true;
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof java.io.IOException) {
                return false;
            }
            throw e;
        }
    }

    /** Writes text to the socket as it is, e.g. a bare end-of-line heart-beat. */
    public void sendRaw(String text) {
        socket.sendText(text, true).join();
    }

    /**
     * SUBSCRIBE with a receipt, waiting for it: once it returns, no event of the destination can be missed.
     * Returns the subscription's id.
     */
    public String subscribe(String destination) {
        String receipt = "sub-" + ids.incrementAndGet();
        String id = "s" + ids.incrementAndGet();
        send("SUBSCRIBE", Map.of("id", id, "destination", destination, "receipt", receipt), "");
        awaitReceipt(receipt);
        return id;
    }

    /** UNSUBSCRIBE with a receipt, waiting for it. */
    public void unsubscribe(String subscriptionId) {
        String receipt = "unsub-" + ids.incrementAndGet();
        send("UNSUBSCRIBE", Map.of("id", subscriptionId, "receipt", receipt), "");
        awaitReceipt(receipt);
    }

    /** SUBSCRIBE without waiting (for subscriptions that are expected to be refused). */
    public void subscribeNoWait(String destination) {
        send("SUBSCRIBE", Map.of("id", "s" + ids.incrementAndGet(), "destination", destination), "");
    }

    /** SEND of JSON to a destination with a receipt header; returns the receipt id. */
    public String sendJson(String destination, String json) {
        String receipt = "r-" + ids.incrementAndGet();
        send("SEND", Map.of("destination", destination, "content-type", "application/json", "receipt", receipt), json);
        return receipt;
    }

    public String sendMessage(long roomId, String clientMsgId, String content) {
        return sendJson("/app/rooms/" + roomId + "/messages",
                "{\"clientMsgId\":\"" + clientMsgId + "\",\"type\":\"TEXT\",\"content\":" + Json.quote(content) + "}");
    }

    public Frame awaitReceipt(String receiptId) {
        return await(f -> f.command().equals("RECEIPT") && receiptId.equals(f.header("receipt-id")), WAIT);
    }

    /** The next event of the given type on any subscription. */
    public JsonNode awaitEvent(String type) {
        return await(f -> f.isEvent(type), WAIT).json();
    }

    public JsonNode awaitEvent(String type, Predicate<JsonNode> match) {
        return await(f -> f.isEvent(type) && match.test(f.json()), WAIT).json();
    }

    /** Waits for a frame matching the test, taking it out of the stream; others stay for later waits. */
    public synchronized Frame await(Predicate<Frame> match, Duration timeout) {
        for (int i = 0; i < seen.size(); i++) {
            if (match.test(seen.get(i))) {
                return seen.remove(i);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Frame frame = next(deadline); frame != null; frame = next(deadline)) {
            if (match.test(frame)) {
                return frame;
            }
            seen.add(frame);
        }
        throw new AssertionError("No matching frame within " + timeout + "; unmatched: " + seen);
    }

    /** The next frame (one read past by an earlier wait first), or null when none comes within the timeout. */
    public synchronized Frame poll(Duration timeout) {
        if (!seen.isEmpty()) {
            return seen.removeFirst();
        }
        return next(System.nanoTime() + timeout.toNanos());
    }

    /** Every frame that arrives within the window (after those already waiting), taken out of the stream. */
    public synchronized List<Frame> drain(Duration window) {
        List<Frame> all = new ArrayList<>(seen);
        seen.clear();
        long deadline = System.nanoTime() + window.toNanos();
        for (Frame frame = next(deadline); frame != null; frame = next(deadline)) {
            all.add(frame);
        }
        return all;
    }

    /** The next frame to arrive before the deadline, or null. */
    private Frame next(long deadline) {
        long left = deadline - System.nanoTime();
        try {
            return left <= 0 ? null : frames.poll(left, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The WebSocket close code once the server closes the socket. */
    public int awaitClosed() {
        return closed.orTimeout(WAIT.toSeconds(), TimeUnit.SECONDS).join();
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            try {
                send("DISCONNECT", Map.of(), "");
            } catch (RuntimeException ignored) {
                // already gone
            }
            socket.abort();
        }
    }

    /** Kills the connection without a goodbye, as a dropped network would. */
    public void drop() {
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                for (String raw : text.split("\0")) {
                    Frame frame = parse(raw);
                    if (frame != null) {
                        frames.add(frame);
                    }
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }
    }

    /** One frame from its text without the trailing NUL, or null for a bare heart-beat. */
    static Frame parse(String raw) {
        String text = raw.replaceFirst("^[\\r\\n]+", "");
        if (text.isEmpty()) {
            return null;
        }
        int end = text.indexOf("\n\n");
        String head = end < 0 ? text : text.substring(0, end);
        String body = end < 0 ? "" : text.substring(end + 2);
        String[] lines = head.split("\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon), unescape(lines[i].substring(colon + 1)));
            }
        }
        return new Frame(lines[0], headers, body);
    }

    private static String unescape(String value) {
        return value.replace("\\c", ":").replace("\\n", "\n").replace("\\r", "\r").replace("\\\\", "\\");
    }
}
