package dev.moim.realtime;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.SessionLimitExceededException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** The per-socket buffer on its own, over a socket whose first write hangs until the test lets it go. */
class OutboundBufferTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final CountDownLatch firstWriteStarted = new CountDownLatch(1);
    private final CountDownLatch peerReads = new CountDownLatch(1);
    private final CompletableFuture<CloseStatus> closed = new CompletableFuture<>();
    private final WebSocketSession socket = mock(WebSocketSession.class);
    private final AtomicInteger tooSlow = new AtomicInteger();

    OutboundBufferTest() throws Exception {
        when(socket.getId()).thenReturn("s1");
        doAnswer(call -> {
            firstWriteStarted.countDown();
            if (!peerReads.await(WAIT.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("the peer never read");
            }
            written.add(((TextMessage) call.getArgument(0)).getPayload());
            return null;
        }).when(socket).sendMessage(any(WebSocketMessage.class));
        doAnswer(call -> closed.complete(call.getArgument(0))).when(socket).close(any(CloseStatus.class));
    }

    @AfterEach
    void stopWriters() {
        peerReads.countDown();
        writers.close();
    }

    @Test
    void anErrorFrameIsWrittenBeforeTheSocketClosesEvenBehindABacklog() throws Exception {
        OutboundBuffer buffer = new OutboundBuffer(socket, 1024, Duration.ofMinutes(1), writers, tooSlow::incrementAndGet);
        buffer.sendMessage(new TextMessage("m1"));
        assertThat(firstWriteStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        buffer.sendMessage(new TextMessage("m2"));
        buffer.sendMessage(new TextMessage("ERROR"));
        buffer.close(CloseStatus.PROTOCOL_ERROR);
        buffer.sendMessage(new TextMessage("after close"));
        assertThat(closed).isNotDone();

        peerReads.countDown();
        assertThat(closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CloseStatus.PROTOCOL_ERROR);
        // What waited behind the first write goes out in one message, in order.
        assertThat(written).containsExactly("m1", "m2ERROR");
        assertThat(tooSlow).hasValue(0);
    }

    @Test
    void aSocketThatFallsTooFarBehindIsClosedAtOnceAndItsBacklogDropped() throws Exception {
        OutboundBuffer buffer = new OutboundBuffer(socket, 10, Duration.ofMinutes(1), writers, tooSlow::incrementAndGet);
        buffer.sendMessage(new TextMessage("m1-456789"));
        assertThat(firstWriteStarted.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        // Returns at once while the write hangs; the next frame is one too many.
        assertThatThrownBy(() -> buffer.sendMessage(new TextMessage("m2")))
                .isInstanceOf(SessionLimitExceededException.class)
                .satisfies(e -> assertThat(((SessionLimitExceededException) e).getStatus()).isEqualTo(OutboundBuffer.TOO_SLOW));
        assertThat(closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(OutboundBuffer.TOO_SLOW);
        buffer.sendMessage(new TextMessage("dropped"));

        peerReads.countDown();
        writers.close();
        assertThat(written).containsExactly("m1-456789");
        assertThat(tooSlow).hasValue(1);
    }

    @Test
    void aFrameLargerThanTheBufferStillGoesOutWhenNothingWaits() throws Exception {
        OutboundBuffer buffer = new OutboundBuffer(socket, 4, Duration.ofMinutes(1), writers, tooSlow::incrementAndGet);
        peerReads.countDown();
        buffer.sendMessage(new TextMessage("a long frame"));
        buffer.close(CloseStatus.NORMAL);
        assertThat(closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(CloseStatus.NORMAL);
        assertThat(written).containsExactly("a long frame");
    }
}
