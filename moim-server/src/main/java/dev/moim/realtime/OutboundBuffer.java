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
import org.springframework.web.socket.TextMessage;
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
    /** Most characters joined into one WebSocket message by the writer. */
    private static final int BATCH_CHARS = 64 * 1024;

    private final int limit;
    private final long sendTimeLimitNanos;
    private final Executor writers;

    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Pending> frames = new ArrayDeque<>();
    /** Bytes of the frames waiting; with the frame being written, the session's whole backlog. */
    private long queuedBytes;
    /** Bytes of the message being written (0 when none) and since when ({@link System#nanoTime}). */
    private int writingBytes;
    private long writingSince;
    /** A writer is running; at most one per session, which keeps the frames in order. */
    private boolean writing;
    /** Spring has handed over the CONNECTED frame; Moim's own frames wait in {@code early} until then. */
    private boolean connected;
    private final Queue<Pending> early = new ArrayDeque<>();
    private long earlyBytes;
    /** Set once the session is to close: no frame is accepted after it. */
    private CloseStatus closing;
    private boolean closeStarted;

    private final Runnable onTooSlow;

    OutboundBuffer(WebSocketSession session, int limit, Duration sendTimeLimit, Executor writers, Runnable onTooSlow) {
        super(session);
        this.onTooSlow = onTooSlow;
        this.limit = limit;
        this.sendTimeLimitNanos = sendTimeLimit.toNanos();
        this.writers = writers;
    }

    /**
     * Queues a frame from Spring's STOMP handler and returns at once. A frame sent after the session began closing
     * is dropped, as Spring's own decorator does. When the frame would overflow the buffer the session is closed and
     * this throws {@link SessionLimitExceededException}, which tells Spring to forget the session at once.
     */
    @Override
    public void sendMessage(WebSocketMessage<?> message) throws IOException {
        enqueue(new Pending(message, message.getPayloadLength()), false);
    }

    /**
     * Queues a frame Moim built itself (a room event, a receipt). Such a frame can only be about a session that
     * has connected, but Spring may not have written CONNECTED yet: until it has, these frames wait behind it.
     */
    void sendFrame(StompFrames.Frame frame) throws IOException {
        enqueue(new Pending(new TextMessage(frame.text()), frame.bytes()), true);
    }

    /**
     * Queues the session's last frame (the ERROR that ends it) and closes with {@code status} once it is written.
     * It goes out even before CONNECTED: a session refused at CONNECT never gets one, and one ended right after
     * has no use for it. Written here rather than through Spring's session decorator, which drops a frame it has
     * buffered when its close comes in while another thread is mid-flush.
     */
    void sendLast(StompFrames.Frame frame, CloseStatus status) {
        lock.lock();
        try {
            if (closing != null) {
                return;
            }
            early.clear();
            earlyBytes = 0;
            frames.add(new Pending(new TextMessage(frame.text()), frame.bytes()));
            queuedBytes += frame.bytes();
            closing = status;
            startWriter();
        } finally {
            lock.unlock();
        }
    }

    /** A message waiting, with its size in bytes counted once. */
    private record Pending(WebSocketMessage<?> message, int bytes) {
    }

    private void enqueue(Pending pending, boolean direct) throws IOException {
        int size = pending.bytes();
        String tooSlow;
        lock.lock();
        try {
            if (closing != null) {
                return;
            }
            long backlog = queuedBytes + earlyBytes + writingBytes;
            long writeTime = writingBytes == 0 ? 0 : System.nanoTime() - writingSince;
            if (writeTime > sendTimeLimitNanos) {
                tooSlow = "one write has taken " + Duration.ofNanos(writeTime).toMillis() + " ms";
            } else if (backlog > 0 && backlog + size > limit) {
                // Beyond the limit; a single frame larger than the limit still goes out when nothing waits.
                tooSlow = (backlog + size) + " bytes would wait, the limit is " + limit;
            } else {
                if (direct && !connected) {
                    early.add(pending);
                    earlyBytes += size;
                    return;
                }
                frames.add(pending);
                queuedBytes += size;
                if (!connected && isConnectedFrame(pending.message())) {
                    connected = true;
                    frames.addAll(early);
                    queuedBytes += earlyBytes;
                    early.clear();
                    earlyBytes = 0;
                }
                startWriter();
                return;
            }
            dropAndClose(TOO_SLOW);
        } finally {
            lock.unlock();
        }
        onTooSlow.run();
        throw new SessionLimitExceededException("Session " + getId() + " is too slow: " + tooSlow, TOO_SLOW);
    }

    private static boolean isConnectedFrame(WebSocketMessage<?> message) {
        return message instanceof TextMessage text && text.getPayload().startsWith("CONNECTED\n");
    }

    /** What this session has waiting, the message being written included. */
    long backlogBytes() {
        lock.lock();
        try {
            return queuedBytes + earlyBytes + writingBytes;
        } finally {
            lock.unlock();
        }
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
        early.clear();
        earlyBytes = 0;
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
            Pending next;
            CloseStatus closeWith = null;
            lock.lock();
            try {
                next = takeBatch();
                if (next == null) {
                    writing = false;
                    if (closing == null || closeStarted) {
                        return;
                    }
                    closeWith = closing;
                    closeStarted = true;
                } else {
                    writingBytes = Math.max(1, next.bytes());
                    writingSince = System.nanoTime();
                }
            } finally {
                lock.unlock();
            }
            if (closeWith != null) {
                closeNow(closeWith);
                return;
            }
            if (!write(next.message())) {
                return;
            }
        }
    }

    /**
     * Under the lock: the next frame, or the text frames waiting joined into one WebSocket message (up to
     * {@link #BATCH_CHARS}); STOMP allows several frames in one message, and one write for many frames is most of
     * what a busy socket saves. Null when nothing waits.
     */
    private Pending takeBatch() {
        Pending first = frames.poll();
        if (first == null) {
            return null;
        }
        queuedBytes -= first.bytes();
        if (!(first.message() instanceof TextMessage text) || frames.peek() == null
                || !(frames.peek().message() instanceof TextMessage)) {
            return first;
        }
        StringBuilder batch = new StringBuilder(text.getPayload());
        int bytes = first.bytes();
        for (Pending more = frames.peek(); more != null && more.message() instanceof TextMessage next
                && batch.length() + next.getPayload().length() <= BATCH_CHARS; more = frames.peek()) {
            frames.poll();
            queuedBytes -= more.bytes();
            bytes += more.bytes();
            batch.append(next.getPayload());
        }
        return new Pending(new TextMessage(batch), bytes);
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
                writingBytes = 0;
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
