package dev.moim.realtime;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomEvent;
import dev.moim.bus.UserEvent;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.annotation.Order;
import org.springframework.messaging.Message;
import org.springframework.messaging.MessageChannel;
import org.springframework.messaging.simp.SimpMessageHeaderAccessor;
import org.springframework.messaging.simp.SimpMessageType;
import org.springframework.messaging.simp.SimpMessagingTemplate;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * Delivers bus events to this node's STOMP subscribers. Each event is serialised once; the broker hands the
 * same bytes to every subscriber of the room.
 */
@Component
@Order(100)
public class StompRelay implements EventBus.Listener {

    static final String USER_EVENTS = "/queue/events";

    private final SimpMessagingTemplate broker;
    private final MessageChannel clientOutbound;
    private final JsonMapper json;

    public StompRelay(@Lazy SimpMessagingTemplate broker,
                      @Lazy @Qualifier("clientOutboundChannel") MessageChannel clientOutbound, JsonMapper json) {
        this.broker = broker;
        this.clientOutbound = clientOutbound;
        this.json = json;
    }

    @Override
    public void onRoomEvent(RoomEvent event) {
        // The seq lets RoomTopicFilter keep an event about a message from members who joined after it.
        Long messageSeq = event instanceof RoomEvent.MessageEvent about ? about.message().seq() : null;
        broker.send("/topic/rooms/" + event.roomId(), jsonMessage(event, null, messageSeq));
    }

    @Override
    public void onUserEvent(long userId, UserEvent event) {
        broker.send("/user/" + userId + USER_EVENTS, jsonMessage(event, null, null));
    }

    /** An error for the one session whose frame was refused. */
    void sendError(String sessionId, long userId, UserEvent.ErrorEvent error) {
        broker.send("/user/" + userId + USER_EVENTS, jsonMessage(error, sessionId, null));
    }

    /** Acknowledges a client frame that asked for a receipt; for a message, {@code seq} names what was stored. */
    void sendReceipt(String sessionId, String receiptId, Long seq) {
        StompHeaderAccessor receipt = StompHeaderAccessor.create(StompCommand.RECEIPT);
        receipt.setSessionId(sessionId);
        receipt.setReceiptId(receiptId);
        if (seq != null) {
            receipt.setNativeHeader("seq", Long.toString(seq));
        }
        clientOutbound.send(MessageBuilder.createMessage(new byte[0], receipt.getMessageHeaders()));
    }

    private Message<byte[]> jsonMessage(Object payload, String sessionId, Long messageSeq) {
        SimpMessageHeaderAccessor headers = SimpMessageHeaderAccessor.create(SimpMessageType.MESSAGE);
        headers.setContentType(MimeTypeUtils.APPLICATION_JSON);
        if (sessionId != null) {
            headers.setSessionId(sessionId);
        }
        if (messageSeq != null) {
            headers.setHeader(RoomTopicFilter.MESSAGE_SEQ, messageSeq);
        }
        headers.setLeaveMutable(true);
        return MessageBuilder.createMessage(json.writeValueAsBytes(payload), headers.getMessageHeaders());
    }
}
