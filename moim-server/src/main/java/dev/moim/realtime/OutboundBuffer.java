package dev.moim.realtime;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;
import org.springframework.web.socket.handler.WebSocketSessionDecorator;

/**
 * One socket's outbound frames: a queue bounded in bytes, written in order by a writer of the socket's own (a
 * virtual thread, started when frames arrive and gone once they are out). Sending only enqueues, so a peer that
 * stops reading blocks its own writer and never one of the shared outbound workers that serve everyone else.
 *
 * <p>A session that falls further behind than the buffer allows, or whose current write has taken longer than
 * the send-time limit, is closed with {@link #TOO_SLOW} and its queued frames are dropped: the client reconnects
 * and catches up by seq. Any other close (after an ERROR frame, on DISCONNECT, at shutdown) waits until the frames
 * queued before it are written, so an ERROR frame does reach the client before its socket closes.
 */
final class OutboundBuffer extends WebSocketSessionDecorator {

    /** 4500 is Spring's "session not reliable", the code it uses for the same case; the reason says which one. */
    static final CloseStatus TOO_SLOW = new CloseStatus(4500, "SESSION_TOO_SLOW");

    private static final Logger log = LoggerFactory.getLogger(OutboundBuffer.class);

    private final int limit;
    private final long sendTimeLimitNanos;
    private final Executor writers;

    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<WebSocketMessage<?>> frames = new ArrayDeque<>();
    /** Bytes queued, plus those of the frame being written: the session's whole backlog. */
    private long queuedBytes;
    private long writingBytes;
    /** A writer is running; at most one per session, which keeps the frames in order. */
    private boolean writing;
    /** Set once the session is to close: no frame is accepted after it. */
    private CloseStatus closing;
    private boolean closeStarted;
    /** When the write in progress began ({@link System#nanoTime}), or 0 when none is. */
    private volatile long writeStartedAt;

    OutboundBuffer(WebSocketSession session, int limit, Duration sendTimeLimit, Executor writers) {
        super(session);
        this.limit = limit;
        this.sendTimeLimitNanos = sendTimeLimit.toNanos();
        this.writers = writers;
    }

    /**
     * Queues the frame and returns at once. A frame sent after the session began closing is dropped, as Spring's
     * own decorator does. When the frame would overflow the buffer the session is closed and this throws
     * {@link SessionLimitExceededException}, which tells Spring to forget the session at once.
     */
    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
        int size = message.getPayloadLength();
        String tooSlow;
        lock.lock();
        try {
            if (closing != null) {
                return;
            }
            long backlog = queuedBytes + writingBytes;
            long writeTime = writeTime();
            if (writeTime > sendTimeLimitNanos) {
                tooSlow = "one write has taken " + Duration.ofNanos(writeTime).toMillis() + " ms";
            } else if (backlog > 0 && backlog + size > limit) {
                // Beyond the limit; a single frame larger than the limit still goes out when nothing waits.
                tooSlow = (backlog + size) + " bytes would wait, the limit is " + limit;
            } else {
                frames.add(message);
                queuedBytes += size;
                startWriter();
                return;
            }
            dropAndClose(TOO_SLOW);
        } finally {
            lock.unlock();
        }
        throw new SessionLimitExceededException("Session " + getId() + " is too slow: " + tooSlow, TOO_SLOW);
    }

    /**
     * Closes once the frames queued so far are written. A session closed as unreliable (4500, Spring's status for
     * a send that is stuck or a buffer that is full) is closed at once, dropping what waits.
     */
    @Override
    public void close(CloseStatus status) {
        lock.lock();
        try {
            if (closing != null) {
                return;
            }
            if (status.equalsCode(CloseStatus.SESSION_NOT_RELIABLE)) {
                dropAndClose(status);
            } else {
                closing = status;
                startWriter();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The connection is gone: drop whatever still waits for it. */
    void closed() {
        lock.lock();
        try {
            frames.clear();
            queuedBytes = 0;
            if (closing == null) {
                closing = CloseStatus.NORMAL;
            }
            closeStarted = true;
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: drops the backlog and closes from a writer thread, since closing a stuck socket may wait. */
    private void dropAndClose(CloseStatus status) {
        frames.clear();
        queuedBytes = 0;
        closing = status;
        closeStarted = true;
        writers.execute(() -> closeNow(status));
    }

    private void startWriter() {
        if (!writing) {
            writing = true;
            writers.execute(this::drain);
        }
    }

    /** Writes the queued frames in order, then closes if a close is due; runs on the session's writer thread. */
    private void drain() {
        while (true) {
            WebSocketMessage<?> next;
            CloseStatus closeWith = null;
            lock.lock();
            try {
                next = frames.poll();
                if (next == null) {
                    writing = false;
                    if (closing == null || closeStarted) {
                        return;
                    }
                    closeWith = closing;
                    closeStarted = true;
                } else {
                    queuedBytes -= next.getPayloadLength();
                    writingBytes = next.getPayloadLength();
                }
            } finally {
                lock.unlock();
            }
            if (closeWith != null) {
                closeNow(closeWith);
                return;
            }
            if (!write(next)) {
                return;
            }
        }
    }

    private boolean write(WebSocketMessage<?> frame) {
        writeStartedAt = System.nanoTime();
        try {
            getDelegate().sendMessage(frame);
            return true;
        } catch (IOException | RuntimeException e) {
            // The socket failed (the container closes it and tells the handler): nothing queued can follow.
            log.debug("Write to session {} failed", getId(), e);
            closed();
            lock.lock();
            try {
                writing = false;
            } finally {
                lock.unlock();
            }
            return false;
        } finally {
            writeStartedAt = 0;
            lock.lock();
            try {
                writingBytes = 0;
            } finally {
                lock.unlock();
            }
        }
    }

    private long writeTime() {
        long started = writeStartedAt;
        return started == 0 ? 0 : System.nanoTime() - started;
    }

    private void closeNow(CloseStatus status) {
        try {
            getDelegate().close(status);
        } catch (IOException | RuntimeException e) {
            log.debug("Closing session {} failed", getId(), e);
        }
    }
}
