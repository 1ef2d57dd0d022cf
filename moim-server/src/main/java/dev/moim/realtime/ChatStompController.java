package dev.moim.realtime;

import java.security.Principal;
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
import dev.moim.message.RoomWriter;
import dev.moim.room.RoomDirectory;
import dev.moim.user.UserDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.convert.ConversionException;
import org.springframework.messaging.converter.MessageConversionException;
import org.springframework.messaging.handler.annotation.DestinationVariable;
import org.springframework.messaging.handler.annotation.MessageExceptionHandler;
import org.springframework.messaging.handler.annotation.MessageMapping;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.messaging.handler.annotation.support.MethodArgumentNotValidException;
import org.springframework.messaging.handler.annotation.support.MethodArgumentTypeMismatchException;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.stereotype.Controller;

/**
 * STOMP frames from clients. Nothing here waits for the database: a send is queued for the room writer and its
 * RECEIPT goes out when the commit completes. A refusal is a personal error event carrying the frame's receipt
 * id and clientMsgId; the session stays open.
 */
@Controller
class ChatStompController {

    private static final Logger log = LoggerFactory.getLogger(ChatStompController.class);

    private final MessageService messages;
    private final RoomDirectory rooms;
    private final UserDirectory users;
    private final EventBus bus;
    private final StompRelay relay;
    private final RateLimits rateLimits;

    ChatStompController(MessageService messages, RoomDirectory rooms, UserDirectory users, EventBus bus, StompRelay relay,
                        RateLimits rateLimits) {
        this.messages = messages;
        this.rateLimits = rateLimits;
        this.rooms = rooms;
        this.users = users;
        this.bus = bus;
        this.relay = relay;
    }

    @MessageMapping("/rooms/{roomId}/messages")
    void send(@DestinationVariable long roomId, @Payload MessageRequests.Send body, Principal principal,
              StompHeaderAccessor frame) {
        long userId = userId(principal);
        String clientMsgId = body == null ? null : body.clientMsgId();
        CompletableFuture<RoomWriter.SendResult> sent;
        try {
            sent = messages.send(userId, roomId, body);
        } catch (RuntimeException refused) {
            refuse(frame, userId, refused, clientMsgId);
            return;
        }
        sent.whenComplete((result, error) -> {
            if (error != null) {
                refuse(frame, userId, error, clientMsgId);
            } else if (frame.getReceipt() != null) {
                relay.sendReceipt(frame.getSessionId(), frame.getReceipt(), result.message().seq());
            }
        });
    }

    @MessageMapping("/rooms/{roomId}/read")
    void read(@DestinationVariable long roomId, @Payload MessageRequests.Read body, Principal principal,
              StompHeaderAccessor frame) {
        long userId = userId(principal);
        CompletableFuture<Void> done = messages.markRead(userId, roomId, body == null ? null : body.seq());
        done.whenComplete((ok, error) -> {
            if (error != null) {
                refuse(frame, userId, error, null);
            } else if (frame.getReceipt() != null) {
                relay.sendReceipt(frame.getSessionId(), frame.getReceipt(), null);
            }
        });
    }

    /** Typing is live only: checked, broadcast, never stored. */
    @MessageMapping("/rooms/{roomId}/typing")
    void typing(@DestinationVariable long roomId, @Payload MessageRequests.Typing body, Principal principal,
                StompHeaderAccessor frame) {
        long userId = userId(principal);
        rooms.member(roomId, userId);
        rateLimits.checkTyping(userId);
        boolean typing = body == null || body.typing() == null || body.typing();
        bus.publish(new RoomEvent.TypingEvent(roomId, userId, users.sender(userId).nickname(), typing));
        if (frame.getReceipt() != null) {
            relay.sendReceipt(frame.getSessionId(), frame.getReceipt(), null);
        }
    }

    @MessageExceptionHandler
    void failed(Throwable error, Principal principal, StompHeaderAccessor frame) {
        if (principal != null) {
            refuse(frame, userId(principal), error, null);
        }
    }

    private void refuse(StompHeaderAccessor frame, long userId, Throwable error, String clientMsgId) {
        Throwable cause = Futures.cause(error);
        ErrorCode code;
        String text;
        if (cause instanceof MoimException refusal) {
            code = refusal.code();
            text = refusal.getMessage();
        } else if (cause instanceof MessageConversionException
                || cause instanceof MethodArgumentTypeMismatchException
                || cause instanceof MethodArgumentNotValidException
                || cause instanceof ConversionException) {
            // MethodArgumentNotValidException: the frame had no body at all.
            code = ErrorCode.MALFORMED_REQUEST;
            text = "The frame's body or destination is not what this destination expects";
        } else {
            log.error("Unexpected error handling a STOMP frame", cause);
            code = ErrorCode.INTERNAL_ERROR;
            text = "Something went wrong on the server";
        }
        relay.sendError(frame.getSessionId(), userId,
                new UserEvent.ErrorEvent(code.name(), text, frame.getDestination(), frame.getReceipt(), clientMsgId));
    }

    private static long userId(Principal principal) {
        if (principal instanceof StompPrincipal user) {
            return user.userId();
        }
        throw new MoimException(ErrorCode.UNAUTHENTICATED, "CONNECT first");
    }
}
