package dev.moim.realtime;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomEvent;
import dev.moim.bus.UserEvent;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomFeed;
import dev.moim.room.RoomState;
import dev.moim.view.RoomType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers bus events to this node's STOMP subscribers.
 *
 * <p>A room event is serialised once, its frame built once, and handed to each subscriber's socket buffer by one
 * fan-out thread, so that the room writer (which publishes) only captures what the event needs and goes on to the
 * next commit. It captures the room's subscribers and the room as the room directory holds it at that moment: the
 * room feed hands events on in the room's order, after the directory has applied the commits before them, and a room's
 * membership is never changed in place (a change replaces the whole {@link RoomState}), so the check made for
 * each recipient sees membership exactly as of that event: a member removed at seq r receives every message below
 * r and nothing after; an event about a message reaches only members who joined before that message, as history
 * does. A session that subscribes after the capture is not in it; what it missed it reads from history.
 *
 * <p>Receipts go through the same thread, so a socket gets them behind the room events captured before them (a
 * sender sees its message's event before the RECEIPT of its SEND). Events for one user (room list changes,
 * errors) take the same way to the user's sessions subscribed to {@code /user/queue/events}.
 */
@Component
@Order(100)
public class StompRelay implements EventBus.Listener, RoomFeed.Reader {

    private static final Logger log = LoggerFactory.getLogger(StompRelay.class);

    static final String USER_EVENTS = "/queue/events";
    /** What a client subscribes to for its own events, and the destination of those events' frames. */
    static final String USER_DESTINATION = "/user" + USER_EVENTS;

    private final SocketSessions sessions;
    private final RoomSubscriptions subscriptions;
    private final SessionBuffers buffers;
    private final RoomDirectory rooms;
    private final JsonMapper json;
    private final AtomicLong events = new AtomicLong();
    private final Counter deliveries;
    /**
     * The fan-out thread. Its queue is bounded, and a full queue makes the publisher wait: the room writer then
     * slows down and sends are refused as SERVER_BUSY at its own queue, rather than events piling up here.
     */
    private final ThreadPoolExecutor fanOut;

    public StompRelay(@Lazy SocketSessions sessions, RoomSubscriptions subscriptions, SessionBuffers buffers,
                      RoomDirectory rooms, JsonMapper json, MeterRegistry meters) {
        this.sessions = sessions;
        this.subscriptions = subscriptions;
        this.buffers = buffers;
        this.rooms = rooms;
        this.json = json;
        this.deliveries = Counter.builder("moim.deliveries").description("Room event frames handed to sockets")
                .register(meters);
        this.fanOut = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(FAN_OUT_QUEUE),
                Thread.ofPlatform().name("moim-fan-out").daemon(true).factory(), StompRelay::waitForSpace);
        Gauge.builder("moim.fanout.queue.depth", fanOut, pool -> pool.getQueue().size())
                .description("Room events and receipts waiting for the fan-out thread").register(meters);
    }

    /** Room events and receipts that may wait for the fan-out thread before their publishers are made to wait. */
    private static final int FAN_OUT_QUEUE = 10_000;

    private static void waitForSpace(Runnable task, ThreadPoolExecutor pool) {
        if (pool.isShutdown()) {
            // Stopping: the clients reconnect to another node (or this one, restarted) and catch up by seq.
            return;
        }
        try {
            pool.getQueue().put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        fanOut.shutdown();
        fanOut.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** A committed event, in its room's order (from the room feed). */
    @Override
    public void onCommitted(RoomEvent event) {
        onRoomEvent(event);
    }

    /** A committed event from the room feed, or a live one (typing, presence) from the bus. */
    @Override
    public void onRoomEvent(RoomEvent event) {
        RoomState known = null;
        RoomSubscriptions.Topic topic;
        if (event instanceof RoomEvent.PresenceEvent) {
            // A DIRECT room's entry in the room list shows its peer's presence, and it has two members: its own topic.
            known = rooms.find(event.roomId()).orElse(null);
            topic = known != null && known.type() == RoomType.DIRECT ? RoomSubscriptions.Topic.EVENTS : RoomSubscriptions.Topic.LIVE;
        } else {
            topic = event instanceof RoomEvent.TypingEvent ? RoomSubscriptions.Topic.LIVE : RoomSubscriptions.Topic.EVENTS;
        }
        RoomSubscriptions.Subscriber[] subscribers = subscriptions.of(event.roomId(), topic);
        // The room is looked up (and loaded, if need be) only when someone on this node may receive the event.
        RoomState room = subscribers.length == 0 ? null : known != null ? known : rooms.find(event.roomId()).orElse(null);
        if (room == null) {
            return;
        }
        long eventNo = events.incrementAndGet();
        fanOut.execute(() -> deliver(event, topic.destination(event.roomId()), eventNo, subscribers, room));
    }

    /** On the fan-out thread: one frame for the event, then each subscriber that may see it as of the event. */
    private void deliver(RoomEvent event, String destination, long eventNo, RoomSubscriptions.Subscriber[] subscribers,
                         RoomState room) {
        // -1: the event is not about one message, so every member may see it.
        long messageSeq = event.aboutSeq();
        // A reply to a message from before some member joined: they get a copy that quotes only its seq.
        long quotedSeq = event instanceof RoomEvent.MessageEvent about && about.message().replyTo() != null
                ? about.message().replyTo().seq() : -1;
        StompFrames.RoomFrame frame = frame(event, destination, eventNo);
        if (frame == null) {
            return;
        }
        StompFrames.RoomFrame withoutQuote = null;
        int delivered = 0;
        for (RoomSubscriptions.Subscriber subscriber : subscribers) {
            RoomState.Member member = room.member(subscriber.userId());
            if (member != null && (messageSeq == -1 || messageSeq > member.joinedSeq())) {
                StompFrames.RoomFrame own = frame;
                if (quotedSeq != -1 && quotedSeq <= member.joinedSeq()) {
                    if (withoutQuote == null) {
                        RoomEvent.MessageEvent about = (RoomEvent.MessageEvent) event;
                        withoutQuote = frame(new RoomEvent.MessageEvent(about.type(), about.roomId(),
                                about.message().seenFrom(member.joinedSeq()), about.senderReadFrom()), destination, eventNo);
                    }
                    own = withoutQuote;
                }
                if (own != null) {
                    buffers.send(subscriber.sessionId(), own.to(subscriber));
                    delivered++;
                }
            }
        }
        deliveries.increment(delivered);
    }

    /** The event's frame, written once for every subscriber; null (and logged) if it cannot be written. */
    private StompFrames.RoomFrame frame(RoomEvent event, String destination, long eventNo) {
        try {
            return new StompFrames.RoomFrame(destination, eventNo, json.writeValueAsString(event));
        } catch (RuntimeException e) {
            log.error("Room event {} could not be written as JSON; not delivered", event.getClass().getSimpleName(), e);
            return null;
        }
    }

    /**
     * To each of the user's sessions on this node subscribed to {@code /user/queue/events}, through the fan-out
     * thread: in order with the room events and receipts before it. (Spring's user destinations lost the event for
     * a user's second session whenever two were in flight, with preserved receive order.)
     */
    @Override
    public void onUserEvent(long userId, UserEvent event) {
        List<RoomSubscriptions.Subscriber> targets = sessions.userEventSubscribers(userId);
        if (!targets.isEmpty()) {
            deliverToOwn(targets, event);
        }
    }

    /** An error for the one session whose frame was refused. */
    void sendError(String sessionId, long userId, UserEvent.ErrorEvent error) {
        RoomSubscriptions.Subscriber target = sessions.userEventSubscriber(sessionId);
        if (target != null) {
            deliverToOwn(List.of(target), error);
        }
    }

    private void deliverToOwn(List<RoomSubscriptions.Subscriber> targets, UserEvent event) {
        StompFrames.RoomFrame frame;
        try {
            frame = new StompFrames.RoomFrame(USER_DESTINATION, events.incrementAndGet(), json.writeValueAsString(event));
        } catch (RuntimeException e) {
            log.error("User event {} could not be written as JSON; not delivered", event.type(), e);
            return;
        }
        fanOut.execute(() -> {
            for (RoomSubscriptions.Subscriber target : targets) {
                buffers.send(target.sessionId(), frame.to(target));
            }
        });
    }

    /**
     * Acknowledges a client frame that asked for a receipt; for a message, {@code seq} names what was stored. The
     * receipt follows the room events captured before this call to the socket.
     */
    void sendReceipt(String sessionId, String receiptId, Long seq) {
        StompFrames.Frame receipt = StompFrames.receipt(receiptId, seq);
        fanOut.execute(() -> buffers.send(sessionId, receipt));
    }
}
