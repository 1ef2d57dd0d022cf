package dev.moim.realtime;

import java.nio.charset.StandardCharsets;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import org.springframework.messaging.Message;
import org.springframework.messaging.simp.stomp.StompCommand;
import org.springframework.messaging.simp.stomp.StompHeaderAccessor;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.util.MimeTypeUtils;
import org.springframework.web.socket.messaging.StompSubProtocolErrorHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * ERROR frames for failures that end a session (a refused CONNECT, an unparsable or oversize frame): the
 * {@code message} header is the error code, the body {@code {code, message}}. Never a stack trace.
 */
class StompErrors extends StompSubProtocolErrorHandler {

    private final JsonMapper json;

    StompErrors(JsonMapper json) {
        this.json = json;
    }

    @Override
    public Message<byte[]> handleClientMessageProcessingError(Message<byte[]> clientMessage, Throwable ex) {
        MoimException refusal = find(ex);
        ErrorCode code = refusal != null ? refusal.code() : ErrorCode.MALFORMED_REQUEST;
        String text = refusal != null ? refusal.getMessage() : "The frame could not be processed";
        StompHeaderAccessor error = StompHeaderAccessor.create(StompCommand.ERROR);
        error.setMessage(code.name());
        error.setContentType(MimeTypeUtils.APPLICATION_JSON);
        if (clientMessage != null) {
            StompHeaderAccessor client = StompHeaderAccessor.wrap(clientMessage);
            if (client.getReceipt() != null) {
                error.setReceiptId(client.getReceipt());
            }
        }
        error.setLeaveMutable(true);
        byte[] body = json.writeValueAsString(java.util.Map.of("code", code.name(), "message", text))
                .getBytes(StandardCharsets.UTF_8);
        return MessageBuilder.createMessage(body, error.getMessageHeaders());
    }

    private static MoimException find(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof MoimException refusal) {
                return refusal;
            }
        }
        return null;
    }
}
