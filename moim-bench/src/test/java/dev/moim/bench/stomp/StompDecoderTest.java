package dev.moim.bench.stomp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class StompDecoderTest {

    private final StompDecoder decoder = new StompDecoder();

    @Test
    void readsOneFrameWithHeadersAndBody() {
        List<StompFrame> frames = decoder.feed("MESSAGE\ndestination:/topic/rooms/7\nsubscription:sub-1\n\n{\"type\":\"message\"}\0");

        assertThat(frames).singleElement().satisfies(frame -> {
            assertThat(frame.command()).isEqualTo("MESSAGE");
            assertThat(frame.header("destination")).isEqualTo("/topic/rooms/7");
            assertThat(frame.header("subscription")).isEqualTo("sub-1");
            assertThat(frame.body()).isEqualTo("{\"type\":\"message\"}");
        });
    }

    @Test
    void readsSeveralFramesOfOneWebSocketMessageSeparatedByNul() {
        List<StompFrame> frames = decoder.feed("RECEIPT\nreceipt-id:m:r.1:0\nseq:5\n\n\0"
                + "MESSAGE\ndestination:/user/queue/events\n\n{\"type\":\"error\"}\0"
                + "RECEIPT\nreceipt-id:s:3\n\n\0");

        assertThat(frames).extracting(StompFrame::command).containsExactly("RECEIPT", "MESSAGE", "RECEIPT");
        assertThat(frames.get(0).header("seq")).isEqualTo("5");
        assertThat(frames.get(1).body()).isEqualTo("{\"type\":\"error\"}");
        assertThat(frames.get(2).header("receipt-id")).isEqualTo("s:3");
    }

    @Test
    void heartBeatsBetweenAndAroundFramesAreCountedNotReturned() {
        List<StompFrame> frames = decoder.feed("\n\r\nCONNECTED\nversion:1.2\nheart-beat:10000,0\n\n\0\n\nRECEIPT\nreceipt-id:x\n\n\0\n");

        assertThat(frames).extracting(StompFrame::command).containsExactly("CONNECTED", "RECEIPT");
        assertThat(decoder.heartBeats()).isEqualTo(5);
        assertThat(decoder.feed("\n")).isEmpty();
        assertThat(decoder.heartBeats()).isEqualTo(6);
    }

    @Test
    void keepsAFrameCutAcrossMessagesUntilItsNulArrives() {
        assertThat(decoder.feed("MESSAGE\ndestination:/topic/rooms/1\n\n{\"a\":")).isEmpty();

        List<StompFrame> frames = decoder.feed("1}\0RECEIPT\nreceipt-id:r\n\n\0");

        assertThat(frames).extracting(StompFrame::body).containsExactly("{\"a\":1}", "");
    }

    @Test
    void unescapesHeadersExceptInConnected() {
        StompFrame message = decoder.feed("ERROR\nmessage:a\\cb\\nc\\\\d\r\n\r\nbody\0").getFirst();
        StompFrame connected = decoder.feed("CONNECTED\nuser-name:a\\cb\n\n\0").getFirst();

        assertThat(message.header("message")).isEqualTo("a:b\nc\\d");
        assertThat(message.body()).isEqualTo("body");
        assertThat(connected.header("user-name")).isEqualTo("a\\cb");
    }

    @Test
    void theFirstOfRepeatedHeadersWins() {
        assertThat(decoder.feed("MESSAGE\nseq:1\nseq:2\n\n\0").getFirst().header("seq")).isEqualTo("1");
    }

    @Test
    void encodedFramesDecodeToThemselves() {
        StompFrame send = StompFrame.withBody("SEND", "{\"content\":\"hi: there\"}", "destination", "/app/rooms/3/messages",
                "receipt", "m:run.1:42", "content-type", "application/json");

        assertThat(decoder.feed(send.encode())).containsExactly(send);
    }
}
