package dev.moim.realtime;

import java.util.concurrent.atomic.AtomicLong;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomEvent;
import dev.moim.bus.UserEvent;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers bus events to this node's STOMP subscribers.
 *
 * <p>A room event is serialised once, its frame built once, and handed to each subscriber's socket buffer right
 * here, on the thread that publishes it. The room writer publishes in commit order, after the room directory has
 * applied the events before it, so the check made for each recipient sees membership exactly as of that event: a
 * member removed at seq r receives every message below r and nothing after; an event about a message reaches only
 * members who joined before that message, as history does.
 *
 * <p>Events for one user (room list changes, errors) go through Spring's user destinations; receipts go straight
 * to the socket's buffer, behind the room events handed to it before them.
 */
@Component
@Order(100)
public class StompRelay implements EventBus.Listener {

    static final String USER_EVENTS = "/queue/events";

    private final SimpMessagingTemplate broker;
    private final RoomSubscriptions subscriptions;
    private final SessionBuffers buffers;
    private final RoomDirectory rooms;
    private final JsonMapper json;
    private final AtomicLong events = new AtomicLong();
    private final Counter deliveries;

    public StompRelay(@Lazy SimpMessagingTemplate broker, RoomSubscriptions subscriptions, SessionBuffers buffers,
                      RoomDirectory rooms, JsonMapper json, MeterRegistry meters) {
        this.broker = broker;
        this.subscriptions = subscriptions;
        this.buffers = buffers;
        this.rooms = rooms;
        this.json = json;
        this.deliveries = Counter.builder("moim.deliveries").description("Room event frames handed to sockets")
                .register(meters);
    }

    @Override
    public void onRoomEvent(RoomEvent event) {
        RoomSubscriptions.Subscriber[] subscribers = subscriptions.of(event.roomId());
        RoomState room = subscribers.length == 0 ? null : rooms.find(event.roomId()).orElse(null);
        if (room == null) {
            return;
        }
        // -1: the event is not about one message, so every member may see it.
        long messageSeq = event instanceof RoomEvent.MessageEvent about ? about.message().seq() : -1;
        StompFrames.RoomFrame frame = new StompFrames.RoomFrame(event.roomId(), events.incrementAndGet(), json.writeValueAsString(event));
        int delivered = 0;
        for (RoomSubscriptions.Subscriber subscriber : subscribers) {
            RoomState.Member member = room.member(subscriber.userId());
            if (member != null && (messageSeq == -1 || messageSeq > member.joinedSeq())) {
                buffers.send(subscriber.sessionId(), frame.to(subscriber));
                delivered++;
            }
        }
        deliveries.increment(delivered);
    }

    @Override
    public void onUserEvent(long userId, UserEvent event) {
        broker.send("/user/" + userId + USER_EVENTS, jsonMessage(event, null));
    }

    /** An error for the one session whose frame was refused. */
    void sendError(String sessionId, long userId, UserEvent.ErrorEvent error) {
        broker.send("/user/" + userId + USER_EVENTS, jsonMessage(error, sessionId));
    }

    /** Acknowledges a client frame that asked for a receipt; for a message, {@code seq} names what was stored. */
    void sendReceipt(String sessionId, String receiptId, Long seq) {
        buffers.send(sessionId, StompFrames.receipt(receiptId, seq));
    }

    private Message<byte[]> jsonMessage(Object payload, String sessionId) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        if (sessionId != null) {
            headers.setSessionId(sessionId);
        }
        headers.setLeaveMutable(true);
        return MessageBuilder.createMessage(json.writeValueAsBytes(payload), headers.getMessageHeaders());
    }
}
