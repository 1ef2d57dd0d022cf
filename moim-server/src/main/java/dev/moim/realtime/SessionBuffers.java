package dev.moim.realtime;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;

/**
 * Each open socket's {@link OutboundBuffer} by session id, so that frames Moim builds itself (room events,
 * receipts) go straight into the socket's queue, in the order they are handed over, without a trip through
 * Spring's outbound channel and its worker pool.
 */
@Component
class SessionBuffers {

    private static final Logger log = LoggerFactory.getLogger(SessionBuffers.class);

    private final Map<String, OutboundBuffer> buffers = new ConcurrentHashMap<>();
    private final Counter tooSlow;

    SessionBuffers(MeterRegistry meters) {
        this.tooSlow = Counter.builder("moim.sessions.too.slow").description("Sessions closed because they did not keep up")
                .register(meters);
        Gauge.builder("moim.outbound.buffered", this, SessionBuffers::bufferedBytes).baseUnit("bytes")
                .description("Bytes waiting in every socket's outbound buffer").register(meters);
    }

    /** Counts a session its buffer closed for falling behind. */
    void tooSlow() {
        tooSlow.increment();
    }

    private double bufferedBytes() {
        long total = 0;
        for (OutboundBuffer buffer : buffers.values()) {
            total += buffer.backlogBytes();
        }
        return total;
    }

    void opened(String sessionId, OutboundBuffer buffer) {
        buffers.put(sessionId, buffer);
    }

    OutboundBuffer closed(String sessionId) {
        return buffers.remove(sessionId);
    }

    /** Sends the session its final ERROR frame and closes it once that is written (1002, as Spring does). */
    void end(String sessionId, StompFrames.Frame error) {
        OutboundBuffer buffer = buffers.get(sessionId);
        if (buffer != null) {
            buffer.sendLast(error, CloseStatus.PROTOCOL_ERROR);
        }
    }

    /**
     * Queues the frame; never blocks. A session that is gone is skipped, and one that is too slow is closed by its
     * buffer (its client reconnects and catches up by seq): neither concerns the other recipients.
     */
    void send(String sessionId, StompFrames.Frame frame) {
        OutboundBuffer buffer = buffers.get(sessionId);
        if (buffer == null) {
            return;
        }
        try {
            buffer.sendFrame(frame);
        } catch (IOException | RuntimeException e) {
            // SessionLimitExceededException (a RuntimeException) included: the buffer has closed that session, and
            // the subscribers after it in the room must still get this frame.
            log.debug("Session {} dropped a frame: {}", sessionId, e.getMessage());
        }
    }
}
