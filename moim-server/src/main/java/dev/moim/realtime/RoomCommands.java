package dev.moim.realtime;

import java.util.concurrent.CompletableFuture;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomEvent;
import dev.moim.bus.UserEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.Futures;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.message.MessageRequests;
import dev.moim.message.MessageService;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomWriter;
import dev.moim.user.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeType;
import org.springframework.util.MimeTypeUtils;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * SEND frames to a room's destinations ({@code /app/rooms/{roomId}/messages}, {@code /read}, {@code /typing}),
 * handled as the gatekeeper lets them in, on the thread that read them. They take no detour through Spring's
 * annotated handlers: on the busiest path of a node that was three tasks and a destination match per frame.
 *
 * <p>Nothing here waits for the database: a send is queued for the room writer and its RECEIPT goes out when the
 * commit completes. A refusal is a personal error event carrying the frame's receipt id and clientMsgId; the
 * session stays open.
 */
@Component
class RoomCommands {

    private static final Logger log = LoggerFactory.getLogger(RoomCommands.class);

    private final MessageService messages;
    private final RoomDirectory rooms;
    private final UserDirectory users;
    private final EventBus bus;
    private final StompRelay relay;
    private final RateLimits rateLimits;
    private final JsonMapper json;

    RoomCommands(MessageService messages, RoomDirectory rooms, UserDirectory users, EventBus bus, StompRelay relay,
                 RateLimits rateLimits, JsonMapper json) {
        this.messages = messages;
        this.rooms = rooms;
        this.users = users;
        this.bus = bus;
        this.relay = relay;
        this.rateLimits = rateLimits;
        this.json = json;
    }

    /** One SEND to {@code /app/rooms/{roomId}/{action}}; the gatekeeper has checked the destination's shape. */
    void handle(StompHeaderAccessor frame, long userId, long roomId, String action, byte[] body) {
        String clientMsgId = null;
        try {
            switch (action) {
                case "messages" -> {
                    MessageRequests.Send send = body(frame, body, MessageRequests.Send.class);
                    clientMsgId = send.clientMsgId();
                    send(frame, userId, roomId, send);
                }
                case "read" -> markRead(frame, userId, roomId, body(frame, body, MessageRequests.Read.class));
                case "typing" -> typing(frame, userId, roomId, body(frame, body, MessageRequests.Typing.class));
                default -> throw new MoimException(ErrorCode.NOT_FOUND, "No such destination: " + frame.getDestination());
            }
        } catch (RuntimeException refused) {
            refuse(frame, userId, refused, clientMsgId);
        }
    }

    private void send(StompHeaderAccessor frame, long userId, long roomId, MessageRequests.Send body) {
        CompletableFuture<RoomWriter.SendResult> sent = messages.send(userId, roomId, body);
        sent.whenComplete((result, error) -> {
            if (error != null) {
                refuse(frame, userId, error, body.clientMsgId());
            } else if (frame.getReceipt() != null) {
                relay.sendReceipt(frame.getSessionId(), frame.getReceipt(), result.message().seq());
            }
        });
    }

    private void markRead(StompHeaderAccessor frame, long userId, long roomId, MessageRequests.Read body) {
        CompletableFuture<Void> done = messages.markRead(userId, roomId, body.seq());
        done.whenComplete((ok, error) -> {
            if (error != null) {
                refuse(frame, userId, error, null);
            } else if (frame.getReceipt() != null) {
                relay.sendReceipt(frame.getSessionId(), frame.getReceipt(), null);
            }
        });
    }

    /** Typing is live only: checked, broadcast, never stored. */
    private void typing(StompHeaderAccessor frame, long userId, long roomId, MessageRequests.Typing body) {
        rooms.member(roomId, userId);
        rateLimits.checkTyping(userId);
        boolean typing = body.typing() == null || body.typing();
        bus.publish(new RoomEvent.TypingEvent(roomId, userId, users.sender(userId).nickname(), typing));
        if (frame.getReceipt() != null) {
            relay.sendReceipt(frame.getSessionId(), frame.getReceipt(), null);
        }
    }

    /** The frame's JSON body as {@code type}; an empty body, another content type or bad JSON is MALFORMED_REQUEST. */
    private <T> T body(StompHeaderAccessor frame, byte[] body, Class<T> type) {
        MimeType contentType = frame.getContentType();
        if (contentType != null && !contentType.isCompatibleWith(MimeTypeUtils.APPLICATION_JSON)) {
            throw new MoimException(ErrorCode.MALFORMED_REQUEST, "The body must be application/json");
        }
        if (body == null || body.length == 0) {
            throw new MoimException(ErrorCode.MALFORMED_REQUEST, "The frame needs a JSON body");
        }
        T value;
        try {
            value = json.readValue(body, type);
        } catch (JacksonException e) {
            throw new MoimException(ErrorCode.MALFORMED_REQUEST, "The frame's body is not what this destination expects");
        }
        if (value == null) {
            throw new MoimException(ErrorCode.MALFORMED_REQUEST, "The frame needs a JSON object as its body");
        }
        return value;
    }

    private void refuse(StompHeaderAccessor frame, long userId, Throwable error, String clientMsgId) {
        Throwable cause = Futures.cause(error);
        ErrorCode code;
        String text;
        if (cause instanceof MoimException refusal) {
            code = refusal.code();
            text = refusal.getMessage();
        } else {
            log.error("Unexpected error handling a STOMP frame", cause);
            code = ErrorCode.INTERNAL_ERROR;
            text = "Something went wrong on the server";
        }
        relay.sendError(frame.getSessionId(), userId,
                new UserEvent.ErrorEvent(code.name(), text, frame.getDestination(), frame.getReceipt(), clientMsgId));
    }
}
