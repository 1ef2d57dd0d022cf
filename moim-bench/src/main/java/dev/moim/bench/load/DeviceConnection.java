package dev.moim.bench.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import dev.moim.bench.stomp.StompConnection;
import dev.moim.bench.stomp.StompFrame;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One device of one member: a STOMP connection subscribed to the member's personal queue and rooms (and, for a
 * device that "has its rooms on screen", to their live topics). It routes RECEIPTs, refusals and deliveries of the
 * bench's messages to the ledger of the phase under way, and counts the other room events it receives.
 */
public final class DeviceConnection implements StompConnection.Listener {

    private static final String PERSONAL_QUEUE = "/user/queue/events";
    private static final String ROOM_TOPIC = "/topic/rooms/";
    private static final String LIVE = "/live";
    /** Receipt ids of message sends: {@code m:<run>:<index>}; of subscriptions: {@code s:<n>}. */
    private static final String SEND_RECEIPT = "m:";
    private static final String SUBSCRIBE_RECEIPT = "s:";

    private final long userId;
    private final List<Long> roomIds;
    private final boolean looking;
    private final ConnectionStats stats;
    private final RoomEvents roomEvents;
    private final JsonMapper json;
    private final SeqTracker seqs;
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final Map<String, CompletableFuture<Void>> pendingSubscriptions = new ConcurrentHashMap<>();
    private final AtomicLong nextSubscription = new AtomicLong();
    private volatile DeliveryLedger ledger;
    private volatile StompConnection stomp;
    private volatile boolean closing;
    private final AtomicBoolean ended = new AtomicBoolean();

    DeviceConnection(long userId, List<Long> roomIds, boolean looking, ConnectionStats stats, RoomEvents roomEvents,
                     JsonMapper json) {
        this.userId = userId;
        this.looking = looking;
        this.seqs = new SeqTracker("user " + userId);
        this.roomIds = List.copyOf(roomIds);
        this.stats = stats;
        this.roomEvents = roomEvents;
        this.json = json;
    }

    /** Opens the socket, CONNECTs and subscribes, each SUBSCRIBE waiting for its RECEIPT. */
    CompletableFuture<DeviceConnection> open(HttpClient http, URI ws, String accessToken) {
        return StompConnection.open(http, ws, this)
                .thenCompose(connection -> {
                    stomp = connection;
                    // The client sends no heart-beats (so the server never times it out) but asks for the
                    // server's, which keeps idle connections alive through proxies.
                    connection.send(StompFrame.of("CONNECT", "accept-version", "1.2", "host", ws.getHost(),
                            "heart-beat", "0,10000", "Authorization", "Bearer " + accessToken));
                    return connected;
                })
                .thenCompose(ignored -> subscribe(PERSONAL_QUEUE))
                .thenCompose(ignored -> {
                    List<CompletableFuture<Void>> rooms = new ArrayList<>();
                    for (long roomId : roomIds) {
                        rooms.add(subscribe(ROOM_TOPIC + roomId));
                        if (looking) {
                            rooms.add(subscribe(ROOM_TOPIC + roomId + LIVE));
                        }
                    }
                    return CompletableFuture.allOf(rooms.toArray(CompletableFuture[]::new));
                })
                .thenApply(ignored -> {
                    stats.opened();
                    return this;
                });
    }

    public long userId() {
        return userId;
    }

    void follow(DeliveryLedger phase) {
        this.ledger = phase;
    }

    /** Sends message {@code marker.index()} of the current phase to {@code roomId}, asking for a RECEIPT. */
    void send(long roomId, Marker marker, int contentLength) {
        // Written by hand: a marker holds only letters, digits, dots, dashes and spaces, nothing JSON must escape.
        String body = "{\"clientMsgId\":\"" + marker.clientMsgId() + "\",\"type\":\"TEXT\",\"content\":\""
                + marker.content(contentLength) + "\"}";
        stomp.send(StompFrame.withBody("SEND", body, "destination", "/app/rooms/" + roomId + "/messages",
                "content-type", "application/json", "receipt", SEND_RECEIPT + marker.run() + ":" + marker.index()));
    }

    /** Says "typing" in the room, as a client does while its user composes; no receipt. */
    void typing(long roomId) {
        stomp.send(StompFrame.withBody("SEND", "{\"typing\":true}", "destination", "/app/rooms/" + roomId + "/typing",
                "content-type", "application/json"));
    }

    /** Stops reading, as a frozen client does: what the server sends piles up in the socket and then in its buffer. */
    void stall() {
        StompConnection connection = stomp;
        if (connection != null) {
            connection.stopReading();
        }
    }

    boolean isOpen() {
        StompConnection connection = stomp;
        return connection != null && connection.isOpen() && !closing;
    }

    CompletableFuture<Void> close() {
        closing = true;
        StompConnection connection = stomp;
        if (connection == null) {
            return CompletableFuture.completedFuture(null);
        }
        connection.close();
        return connection.closed();
    }

    void abort() {
        closing = true;
        StompConnection connection = stomp;
        if (connection != null) {
            connection.abort();
        }
    }

    private CompletableFuture<Void> subscribe(String destination) {
        long n = nextSubscription.getAndIncrement();
        String receipt = SUBSCRIBE_RECEIPT + n;
        CompletableFuture<Void> done = new CompletableFuture<>();
        pendingSubscriptions.put(receipt, done);
        stomp.send(StompFrame.of("SUBSCRIBE", "id", "sub-" + n, "destination", destination, "receipt", receipt));
        return done;
    }

    @Override
    public void onFrame(StompFrame frame, long receivedNanos) {
        switch (frame.command()) {
            case "MESSAGE" -> onMessage(frame, receivedNanos);
            case "RECEIPT" -> onReceipt(frame.header("receipt-id"));
            case "CONNECTED" -> connected.complete(null);
            case "ERROR" -> {
                String code = frame.header("message");
                stats.errorFrame(code);
                connected.completeExceptionally(new IllegalStateException("ERROR " + code + " " + frame.body()));
                failSubscriptions("ERROR " + code);
            }
            default -> {
                // Nothing else is expected from the server; ignore it rather than count it as a delivery.
            }
        }
    }

    private void onMessage(StompFrame frame, long receivedNanos) {
        String destination = frame.header("destination");
        if (destination == null) {
            return;
        }
        if (destination.startsWith(ROOM_TOPIC)) {
            RoomEvents.Posted posted = roomEvents.posted(frame.body());
            if (posted == null) {
                RoomEvents.Other other = roomEvents.other(frame.body());
                if (other != null) {
                    stats.otherEvent(destination.endsWith(LIVE), other.type(), other.presenceChanges());
                }
                return;
            }
            DeliveryLedger phase = ledger;
            if (phase == null) {
                seqs.observe(posted.roomId(), posted.seq());
            } else {
                phase.delivery(seqs, posted.roomId(), posted.seq(), Marker.parse(posted.content()), receivedNanos);
            }
        } else if (destination.equals(PERSONAL_QUEUE)) {
            onPersonalEvent(json.readTree(frame.body()));
        }
    }

    private void onPersonalEvent(JsonNode event) {
        if (!"error".equals(event.path("type").asString(""))) {
            return;
        }
        String code = event.path("code").asString("UNKNOWN");
        String receipt = event.path("receiptId").asString("");
        if (receipt.startsWith(SEND_RECEIPT)) {
            DeliveryLedger phase = ledger;
            SendReceipt send = SendReceipt.parse(receipt);
            if (phase != null && send != null && send.run().equals(phase.run())) {
                phase.refused(send.index(), code);
            }
        } else if (receipt.startsWith(SUBSCRIBE_RECEIPT)) {
            stats.refusedSubscription(code);
            CompletableFuture<Void> subscription = pendingSubscriptions.remove(receipt);
            if (subscription != null) {
                subscription.completeExceptionally(new IllegalStateException("SUBSCRIBE refused: " + code));
            }
        }
    }

    private void onReceipt(String receipt) {
        if (receipt == null) {
            return;
        }
        if (receipt.startsWith(SEND_RECEIPT)) {
            DeliveryLedger phase = ledger;
            SendReceipt send = SendReceipt.parse(receipt);
            if (phase != null && send != null && send.run().equals(phase.run())) {
                phase.acknowledged(send.index());
            }
        } else {
            CompletableFuture<Void> subscription = pendingSubscriptions.remove(receipt);
            if (subscription != null) {
                subscription.complete(null);
            }
        }
    }

    @Override
    public void onClosed(int statusCode, String reason) {
        if (!closing && ended.compareAndSet(false, true)) {
            if (connected.isDone() && !connected.isCompletedExceptionally()) {
                stats.lost("user " + userId + ": closed by the server with " + statusCode + " " + reason);
            }
            connected.completeExceptionally(new IllegalStateException("closed " + statusCode + " " + reason));
            failSubscriptions("closed " + statusCode + " " + reason);
        }
    }

    @Override
    public void onFailure(Throwable error) {
        if (!closing && ended.compareAndSet(false, true)) {
            if (connected.isDone() && !connected.isCompletedExceptionally()) {
                stats.lost("user " + userId + ": " + error);
            }
            connected.completeExceptionally(error);
            failSubscriptions(String.valueOf(error));
        }
    }

    @Override
    public void onFrameError(StompFrame frame, RuntimeException error) {
        stats.unreadableFrame(frame.command() + " " + frame.headers() + ": " + error);
    }

    private void failSubscriptions(String why) {
        pendingSubscriptions.values().forEach(subscription -> subscription.completeExceptionally(new IllegalStateException(why)));
        pendingSubscriptions.clear();
    }

    /** A send's receipt id taken apart: run tag and message index. */
    record SendReceipt(String run, long index) {
        static SendReceipt parse(String receipt) {
            int split = receipt.lastIndexOf(':');
            if (split <= SEND_RECEIPT.length()) {
                return null;
            }
            try {
                return new SendReceipt(receipt.substring(SEND_RECEIPT.length(), split), Long.parseLong(receipt, split + 1, receipt.length(), 10));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }
}
