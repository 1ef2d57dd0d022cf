package dev.moim.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Senders that send to one room as fast as the server acknowledges, and remember exactly what was acknowledged.
 * A STOMP sender keeps up to {@code window} SENDs waiting for their RECEIPT (window 1: a user who waits for each
 * receipt); a REST sender posts one message after another. Every message has a unique clientMsgId and a content
 * derived from it, so that what the server kept can be checked message by message.
 */
public final class SendLoad {

    /** A message the server acknowledged: RECEIPT with its seq, or 201. */
    public record Ack(String clientMsgId, long senderId, long seq, String content, long sentAtNanos, long ackedAtNanos) {
        public long latencyNanos() {
            return ackedAtNanos - sentAtNanos;
        }
    }

    /** A message sent and not answered. */
    public record Pending(String clientMsgId, long senderId, String content, long sentAtNanos) {
    }

    private static final Duration POLL = Duration.ofMillis(200);

    private final int port;
    private final long roomId;
    /** Keeps clientMsgIds unique across loads by the same users (a repeated one would be a resend). */
    private final String run = Long.toString(System.nanoTime() % 1_000_000_000L, 36);
    private final Map<String, Ack> acked = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Ack> ackOrder = new ConcurrentLinkedQueue<>();
    private final Object progress = new Object();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final Map<String, Long> refusalCodes = new ConcurrentHashMap<>();
    private final List<StompSender> stompSenders = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean stopping;

    private SendLoad(int port, long roomId) {
        this.port = port;
        this.roomId = roomId;
    }

    /** Starts one STOMP sender per user in {@code stomp} and one REST sender per user in {@code rest}. */
    public static SendLoad start(int port, long roomId, List<Api.User> stomp, int window, List<Api.User> rest) {
        SendLoad load = new SendLoad(port, roomId);
        for (Api.User user : stomp) {
            StompSender sender = load.new StompSender(user, window);
            load.stompSenders.add(sender);
            load.threads.add(Thread.ofPlatform().name("stomp-sender-" + user.id()).start(sender));
        }
        for (Api.User user : rest) {
            load.threads.add(Thread.ofPlatform().name("rest-sender-" + user.id()).start(() -> load.sendOverRest(user)));
        }
        return load;
    }

    /** The content each message carries, so that a stored message can be checked against its clientMsgId. */
    public static String contentOf(String clientMsgId) {
        return "durable? " + clientMsgId + " 모임";
    }

    public long acknowledged() {
        return acked.size();
    }

    public long sent() {
        return sent.get();
    }

    public long refused() {
        return refused.get();
    }

    public Map<String, Long> refusalCodes() {
        return Map.copyOf(refusalCodes);
    }

    public Map<String, Ack> acks() {
        return Map.copyOf(acked);
    }

    /** Acknowledgements in the order they arrived. */
    public List<Ack> ackOrder() {
        return List.copyOf(ackOrder);
    }

    /** STOMP sends still waiting for an answer (REST ones are not resendable from here: at most one per sender). */
    public List<Pending> unanswered() {
        List<Pending> all = new ArrayList<>();
        for (StompSender sender : stompSenders) {
            all.addAll(sender.pending.values());
        }
        return all;
    }

    /** Polls until at least {@code count} messages are acknowledged; fails if that takes longer than {@code timeout}. */
    public void awaitAcknowledged(long count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (acked.size() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Only " + acked.size() + " of " + count + " sends acknowledged within " + timeout
                        + " (sent " + sent + ", refused " + refused + " " + refusalCodes + ")");
            }
            synchronized (progress) {
                if (acked.size() < count) {
                    try {
                        progress.wait(POLL.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new AssertionError(e);
                    }
                }
            }
        }
    }

    /** Stops sending and waits for every sender to end (they also end by themselves when the server dies). */
    public void stop() {
        stopping = true;
        for (Thread thread : threads) {
            try {
                if (!thread.join(Duration.ofSeconds(30))) {
                    throw new AssertionError(thread.getName() + " did not stop");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private void acknowledge(String clientMsgId, long senderId, long seq, long sentAtNanos) {
        Ack ack = new Ack(clientMsgId, senderId, seq, contentOf(clientMsgId), sentAtNanos, System.nanoTime());
        acked.put(clientMsgId, ack);
        ackOrder.add(ack);
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    private void refuse(String code) {
        refused.incrementAndGet();
        refusalCodes.merge(code, 1L, Long::sum);
    }

    private final class StompSender implements Runnable {
        private final Api.User user;
        private final int window;
        private final Map<String, Pending> pending = new ConcurrentHashMap<>();
        private long next;

        StompSender(Api.User user, int window) {
            this.user = user;
            this.window = window;
        }

        @Override
        public void run() {
            try (StompClient client = StompClient.connect(port, user.accessToken())) {
                client.subscribe("/user/queue/events");
                while (!stopping) {
                    while (pending.size() < window && !stopping) {
                        String clientMsgId = "u" + user.id() + "-" + run + "-" + (++next);
                        Pending message = new Pending(clientMsgId, user.id(), contentOf(clientMsgId), System.nanoTime());
                        String receipt = "r" + next;
                        pending.put(receipt, message);
                        sent.incrementAndGet();
                        client.send("SEND", Map.of("destination", "/app/rooms/" + roomId + "/messages",
                                "content-type", "application/json", "receipt", receipt),
                                "{\"clientMsgId\":\"" + clientMsgId + "\",\"type\":\"TEXT\",\"content\":"
                                        + Json.quote(message.content()) + "}");
                    }
                    Frame frame = client.poll(POLL);
                    if (frame == null) {
                        if (client.isClosed()) {
                            return;
                        }
                    } else if (frame.command().equals("RECEIPT")) {
                        Pending done = pending.remove(frame.header("receipt-id"));
                        if (done != null) {
                            acknowledge(done.clientMsgId(), user.id(), Long.parseLong(frame.header("seq")), done.sentAtNanos());
                        }
                    } else if (frame.isEvent("error")) {
                        if (pending.remove(frame.json().path("receiptId").asString()) != null) {
                            refuse(frame.json().path("code").asString());
                        }
                    } else if (frame.command().equals("ERROR")) {
                        return;
                    }
                }
            } catch (RuntimeException | AssertionError serverGone) {
                // The server died under the sender (the point of a crash test); what was unanswered stays pending.
            }
        }
    }

    private void sendOverRest(Api.User user) {
        Api api = new Api(port);
        long next = 0;
        while (!stopping) {
            String clientMsgId = "u" + user.id() + "-" + run + "-" + (++next);
            long sentAt = System.nanoTime();
            sent.incrementAndGet();
            Api.Response response;
            try {
                response = api.sendRest(user, roomId, clientMsgId, contentOf(clientMsgId));
            } catch (AssertionError serverGone) {
                return;
            }
            if (response.status() == 201) {
                acknowledge(clientMsgId, user.id(), response.body().path("seq").asLong(), sentAt);
            } else {
                refuse(response.status() + " " + response.code());
            }
        }
    }
}
