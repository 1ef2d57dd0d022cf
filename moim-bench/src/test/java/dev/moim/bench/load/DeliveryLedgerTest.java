package dev.moim.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * The ledger's counting on synthetic deliveries: two rooms (ids 10 and 20) with three subscribed connections each,
 * messages alternating between them as the sender picks them.
 */
class DeliveryLedgerTest {

    private static final String RUN = "run.1";
    private static final long ORIGIN = 1_000_000_000L;

    private final Schedule schedule = Schedule.steady(10, Duration.ofSeconds(1), Duration.ofSeconds(1));
    private final DeliveryLedger ledger = new DeliveryLedger(RUN, schedule, ORIGIN);
    private final SeqTracker[] connections = {new SeqTracker(), new SeqTracker(), new SeqTracker()};

    private static long room(long index) {
        return index % 2 == 0 ? 10 : 20;
    }

    /** Message {@code index} reaches connection {@code c} as seq {@code seq} of its room, 5 ms after it was due. */
    private void deliver(int c, long index, long seq) {
        long intended = schedule.dueNanos(index);
        ledger.delivery(connections[c], room(index), seq, new Marker(RUN, index, intended), ORIGIN + intended + 5_000_000);
    }

    private void sendAll() {
        for (long i = 0; i < schedule.messages(); i++) {
            ledger.sent(i, connections.length);
        }
    }

    /** Seq of message {@code index} in its room: rooms take every other message, starting at seq 1. */
    private static long seq(long index) {
        return index / 2 + 1;
    }

    @Test
    void everyAcknowledgedMessageAtEverySubscriberOnceIsComplete() {
        sendAll();
        for (long i = 0; i < schedule.messages(); i++) {
            ledger.acknowledged(i);
            for (int c = 0; c < connections.length; c++) {
                deliver(c, i, seq(i));
            }
        }

        DeliveryLedger.Totals totals = ledger.totals();
        assertThat(totals.sent()).isEqualTo(20);
        assertThat(totals.acknowledged()).isEqualTo(20);
        assertThat(totals.expected()).isEqualTo(60);
        assertThat(totals.received()).isEqualTo(60);
        assertThat(totals.missing()).isZero();
        assertThat(totals.duplicates()).isZero();
        assertThat(totals.gaps()).isZero();
        assertThat(ledger.outstanding()).isZero();
        // Only the second half is measured: 10 messages × 3 subscribers, each 5 ms late.
        var latency = ledger.takeMeasuredLatency();
        assertThat(latency.getTotalCount()).isEqualTo(30);
        assertThat(latency.getMaxValue()).isBetween(4_990L, 5_010L);
    }

    @Test
    void aRepeatedOrOlderSeqIsADuplicateAndNotReceivedTwice() {
        sendAll();
        ledger.acknowledged(0);
        ledger.acknowledged(2);
        deliver(0, 0, 1);
        deliver(0, 2, 2);
        deliver(0, 2, 2); // the same message again
        deliver(0, 0, 1); // an older one again

        DeliveryLedger.Totals totals = ledger.totals();
        assertThat(totals.duplicates()).isEqualTo(2);
        assertThat(totals.received()).isEqualTo(2);
        assertThat(totals.expected()).isEqualTo(6);
        assertThat(totals.missing()).isEqualTo(4);
    }

    @Test
    void aSkippedSeqIsAGapAndTheSkippedMessageIsMissing() {
        sendAll();
        ledger.acknowledged(0);
        ledger.acknowledged(2);
        ledger.acknowledged(4);
        for (int c = 0; c < connections.length; c++) {
            deliver(c, 0, 1);
            if (c != 1) {
                deliver(c, 2, 2);
            }
            deliver(c, 4, 3);
        }

        DeliveryLedger.Totals totals = ledger.totals();
        assertThat(totals.gaps()).isEqualTo(1);
        assertThat(totals.expected()).isEqualTo(9);
        assertThat(totals.received()).isEqualTo(8);
        assertThat(totals.missing()).isEqualTo(1);
    }

    @Test
    void aSkippedSeqArrivingLateIsOutOfOrderButReceived() {
        sendAll();
        ledger.acknowledged(0);
        ledger.acknowledged(2);
        ledger.acknowledged(4);
        deliver(0, 0, 1);
        deliver(0, 4, 3); // skips seq 2
        deliver(0, 2, 2); // seq 2 after all: late, not a repeat
        deliver(0, 2, 2); // and now a repeat

        DeliveryLedger.Totals totals = ledger.totals();
        assertThat(totals.gaps()).isEqualTo(1);
        assertThat(totals.duplicates()).isEqualTo(2);
        assertThat(totals.late()).isEqualTo(1);
        assertThat(totals.received()).isEqualTo(3);
        assertThat(totals.missing()).isEqualTo(6); // connections 1 and 2 got nothing
        assertThat(totals.firstAnomalies()).containsExactly(
                "a connection, room 10: seq 3 after 1 (1 skipped)",
                "a connection, room 10: seq 2 after 3 (late, first arrival)",
                "a connection, room 10: seq 2 after 3 (repeat)");
    }

    @Test
    void theFirstDeliveryInARoomSetsTheStartAndIsNoGap() {
        sendAll();
        ledger.acknowledged(0);
        deliver(0, 0, 57); // the room had 56 messages before the run

        assertThat(ledger.totals().gaps()).isZero();
        assertThat(ledger.totals().received()).isEqualTo(1);
    }

    @Test
    void otherMessagesMoveTheSeqButAreNotCounted() {
        sendAll();
        ledger.acknowledged(0);
        ledger.delivery(connections[0], 10, 1, null, ORIGIN); // a SYSTEM message
        ledger.delivery(connections[0], 10, 2, new Marker("other.1", 0, 0), ORIGIN); // an older run's message
        deliver(0, 0, 3);

        DeliveryLedger.Totals totals = ledger.totals();
        assertThat(totals.received()).isEqualTo(1);
        assertThat(totals.strays()).isEqualTo(1);
        assertThat(totals.gaps()).isZero();
        assertThat(totals.duplicates()).isZero();
    }

    @Test
    void refusedMessagesAreCountedByReasonAndOweNoDelivery() {
        sendAll();
        for (long i = 0; i < schedule.messages(); i++) {
            if (i < 3) {
                ledger.refused(i, "RATE_LIMITED");
            } else if (i < 4) {
                ledger.refused(i, "SERVER_BUSY");
            } else {
                ledger.acknowledged(i);
            }
        }
        ledger.acknowledged(0); // a late RECEIPT after a refusal changes nothing
        ledger.refused(5, "SERVER_BUSY"); // nor does a refusal after the RECEIPT

        DeliveryLedger.Totals totals = ledger.totals();
        assertThat(totals.refused()).isEqualTo(4);
        assertThat(totals.refusedByCode()).isEqualTo(Map.of("RATE_LIMITED", 3L, "SERVER_BUSY", 1L));
        assertThat(totals.acknowledged()).isEqualTo(16);
        assertThat(totals.expected()).isEqualTo(48);
        assertThat(totals.missing()).isEqualTo(48);
        assertThat(totals.unanswered()).isZero();
    }

    @Test
    void unansweredSendsAreOutstandingUntilAnswered() {
        ledger.sent(0, 3);
        ledger.sent(1, 3);

        assertThat(ledger.outstanding()).isEqualTo(2);
        assertThat(ledger.totals().unanswered()).isEqualTo(2);

        ledger.acknowledged(0);
        assertThat(ledger.outstanding()).isEqualTo(1 + 3);
        deliver(0, 0, 1);
        deliver(1, 0, 1);
        deliver(2, 0, 1);
        ledger.refused(1, "SERVER_BUSY");

        assertThat(ledger.outstanding()).isZero();
        assertThat(ledger.totals().missing()).isZero();
    }

    @Test
    void missingSoFarCountsOnlyMessagesDueBeforeTheCutOff() {
        sendAll();
        for (long i = 0; i < schedule.messages(); i++) {
            ledger.acknowledged(i);
        }
        deliver(0, 0, 1);

        // Messages 0..4 were due before 0.5 s: 5 × 3 owed, one arrived.
        assertThat(ledger.missingDueBefore(500_000_000L)).isEqualTo(14);
        assertThat(ledger.missingDueBefore(0)).isZero();
    }

    @Test
    void deliveriesOfAMessageThatWasNeverAcknowledgedAreReportedApart() {
        sendAll();
        deliver(0, 1, 1);

        DeliveryLedger.Totals totals = ledger.totals();
        assertThat(totals.received()).isZero();
        assertThat(totals.deliveredUnacknowledged()).isEqualTo(1);
        assertThat(totals.unanswered()).isEqualTo(20);
    }

    @Test
    void markersRoundTripThroughContent() {
        Marker marker = new Marker("ab12cd34.3", 123_456, 9_876_543_210L);

        assertThat(Marker.parse(marker.content())).isEqualTo(marker);
        // Filled up to a given length (--message-length), it still reads back; shorter lengths change nothing.
        assertThat(marker.content(300)).hasSize(300);
        assertThat(Marker.parse(marker.content(300))).isEqualTo(marker);
        assertThat(marker.content(5)).isEqualTo(marker.content());
        assertThat(Marker.parse("hello")).isNull();
        assertThat(Marker.parse("moim-bench x y z")).isNull();
        assertThat(Marker.parse(null)).isNull();
    }
}
