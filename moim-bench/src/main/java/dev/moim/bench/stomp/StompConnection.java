package dev.moim.bench.stomp;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A STOMP session over the JDK's WebSocket client. The JDK allows one outstanding send per socket, so frames go
 * through a queue drained by whichever completion comes last; the receive path never waits on it.
 */
public final class StompConnection {

    /** What the owner of a connection hears. Called on the client's threads, one call at a time per connection. */
    public interface Listener {
        /** {@code receivedNanos} is {@link System#nanoTime()} when the WebSocket message arrived. */
        void onFrame(StompFrame frame, long receivedNanos);

        void onClosed(int statusCode, String reason);

        /** The socket failed; it is of no further use. */
        void onFailure(Throwable error);

        /** The listener threw while handling a frame; the socket carries on. */
        void onFrameError(StompFrame frame, RuntimeException error);
    }

    private final Listener listener;
    private final StompDecoder decoder = new StompDecoder();
    private final StringBuilder partial = new StringBuilder();
    private final Queue<Outgoing> outbox = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean writing = new AtomicBoolean();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private volatile WebSocket socket;
    private volatile boolean reading = true;

    private StompConnection(Listener listener) {
        this.listener = listener;
    }

    /** Opens the WebSocket; frames arrive at the listener from then on. */
    public static CompletableFuture<StompConnection> open(HttpClient http, URI uri, Listener listener) {
        StompConnection connection = new StompConnection(listener);
        return http.newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(30))
                .buildAsync(uri, connection.new Receiver())
                .thenApply(socket -> {
                    connection.socket = socket;
                    return connection;
                });
    }

    /** Queues a frame; frames leave in the order they were queued. */
    public void send(StompFrame frame) {
        outbox.add(new Outgoing(frame.encode()));
        writeNext();
    }

    public boolean isOpen() {
        WebSocket current = socket;
        return current != null && !current.isOutputClosed() && !current.isInputClosed();
    }

    /** Completes when the socket has closed, from either side. */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** Says DISCONNECT and closes the socket; frames queued before are still written first. */
    public void close() {
        WebSocket current = socket;
        if (current == null || current.isOutputClosed()) {
            return;
        }
        send(StompFrame.of("DISCONNECT"));
        outbox.add(Outgoing.CLOSE);
        writeNext();
    }

    /** Asks for no more messages: the JDK client stops reading the socket, and the peer's writes back up. */
    public void stopReading() {
        reading = false;
    }

    public void abort() {
        WebSocket current = socket;
        if (current != null) {
            current.abort();
        }
        closed.complete(null);
    }

    /** A text frame to write, or the close handshake ({@code text == null}). */
    private record Outgoing(String text) {
        static final Outgoing CLOSE = new Outgoing(null);
    }

    private void writeNext() {
        if (!writing.compareAndSet(false, true)) {
            return;
        }
        Outgoing next = outbox.poll();
        if (next == null) {
            writing.set(false);
            // A frame queued between the poll and the reset would otherwise wait for the next send.
            if (!outbox.isEmpty()) {
                writeNext();
            }
            return;
        }
        WebSocket current = socket;
        CompletableFuture<WebSocket> written = next.text() == null
                ? current.sendClose(WebSocket.NORMAL_CLOSURE, "bye")
                : current.sendText(next.text(), true);
        written.whenComplete((ignored, error) -> {
            writing.set(false);
            if (error != null) {
                outbox.clear();
                if (next.text() != null) {
                    listener.onFailure(error);
                }
                return;
            }
            writeNext();
        });
    }

    private final class Receiver implements WebSocket.Listener {

        @Override
        public void onOpen(WebSocket webSocket) {
            socket = webSocket;
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            long receivedNanos = System.nanoTime();
            List<StompFrame> frames;
            if (!last) {
                partial.append(data);
                webSocket.request(1);
                return null;
            }
            if (!partial.isEmpty()) {
                partial.append(data);
                frames = decoder.feed(partial);
                partial.setLength(0);
            } else {
                frames = decoder.feed(data);
            }
            for (StompFrame frame : frames) {
                try {
                    listener.onFrame(frame, receivedNanos);
                } catch (RuntimeException e) {
                    listener.onFrameError(frame, e);
                }
            }
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            listener.onClosed(statusCode, reason);
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            listener.onFailure(error);
            closed.complete(null);
        }
    }
}
