package dev.moim.realtime;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.adapter.NativeWebSocketSession;
import org.springframework.web.socket.handler.WebSocketHandlerDecorator;

/**
 * Gives every socket its own {@link OutboundBuffer} before Spring's STOMP handler sees it. Spring wraps each
 * session in a decorator that writes on whichever shared outbound worker holds the session's lock, and Tomcat's
 * write blocks while the peer does not read: a handful of stalled peers would hold every worker and freeze
 * delivery for everyone. Underneath that decorator, our buffer turns each write into an enqueue.
 */
final class OutboundBuffers extends WebSocketHandlerDecorator {

    /** Tomcat's own limit on one blocking write; past it the container fails the write and closes the socket. */
    private static final String TOMCAT_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    private final int limit;
    private final Duration sendTimeLimit;
    private final ExecutorService writers = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("moim-writer-", 0).factory());
    private final SessionBuffers buffers;

    OutboundBuffers(WebSocketHandler handler, SessionBuffers buffers, int limit, Duration sendTimeLimit) {
        super(handler);
        this.buffers = buffers;
        this.limit = limit;
        this.sendTimeLimit = sendTimeLimit;
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession session) throws Exception {
        // A write stuck this long ends the session even when no further frame comes along to notice it.
        if (session instanceof NativeWebSocketSession socket
                && socket.getNativeSession() instanceof jakarta.websocket.Session container) {
            container.getUserProperties().put(TOMCAT_SEND_TIMEOUT, sendTimeLimit.toMillis());
        }
        OutboundBuffer buffer = new OutboundBuffer(session, limit, sendTimeLimit, writers, buffers::tooSlow);
        buffers.opened(session.getId(), buffer);
        super.afterConnectionEstablished(buffer);
    }

    @Override
    public void afterConnectionClosed(WebSocketSession session, CloseStatus closeStatus) throws Exception {
        OutboundBuffer buffer = buffers.closed(session.getId());
        if (buffer != null) {
            buffer.closed();
        }
        super.afterConnectionClosed(session, closeStatus);
    }
}
