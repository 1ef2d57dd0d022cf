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
    /** Bytes of the frames waiting; with the frame being written, the session's whole backlog. */
    private long queuedBytes;
    /** The frame being written and since when ({@link System#nanoTime}), or null. */
    private WebSocketMessage<?> writingFrame;
    private long writingSince;
    /** A writer is running; at most one per session, which keeps the frames in order. */
    private boolean writing;
    /** Set once the session is to close: no frame is accepted after it. */
    private CloseStatus closing;
    private boolean closeStarted;

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
            long backlog = queuedBytes + (writingFrame == null ? 0 : writingFrame.getPayloadLength());
            long writeTime = writingFrame == null ? 0 : System.nanoTime() - writingSince;
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

    @Override
    public void close() {
        close(CloseStatus.NORMAL);
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
            dropBacklog();
        } finally {
            lock.unlock();
        }
    }

    /** Under the lock: drops the backlog and closes from a writer thread, since closing a stuck socket may wait. */
    private void dropAndClose(CloseStatus status) {
        closing = status;
        dropBacklog();
        writers.execute(() -> closeNow(status));
    }

    /** Under the lock: nothing more is written, accepted or closed by this buffer. */
    private void dropBacklog() {
        frames.clear();
        queuedBytes = 0;
        closing = closing == null ? CloseStatus.NORMAL : closing;
        closeStarted = true;
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
                    writingFrame = next;
                    writingSince = System.nanoTime();
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

    /** One blocking write; false when the socket failed, after which nothing queued can follow. */
    private boolean write(WebSocketMessage<?> frame) {
        boolean written = false;
        try {
            getDelegate().sendMessage(frame);
            written = true;
        } catch (IOException | RuntimeException e) {
            // The container closes the socket itself and tells the handler.
            log.debug("Write to session {} failed", getId(), e);
        } finally {
            lock.lock();
            try {
                writingFrame = null;
                if (!written) {
                    dropBacklog();
                    writing = false;
                }
            } finally {
                lock.unlock();
            }
        }
        return written;
    }

    private void closeNow(CloseStatus status) {
        try {
            getDelegate().close(status);
        } catch (IOException | RuntimeException e) {
            log.debug("Closing session {} failed", getId(), e);
        }
    }
}
