package dev.moim.bench.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void messageIIsDueAtIOverRate() {
        Schedule schedule = Schedule.steady(40, Duration.ZERO, Duration.ofSeconds(3));

        assertThat(schedule.messages()).isEqualTo(120);
        for (long i = 0; i < schedule.messages(); i++) {
            assertThat(schedule.dueNanos(i)).isEqualTo(i * 25_000_000L);
        }
    }

    @Test
    void theNumberOfSendsInAWindowIsExact() {
        Schedule schedule = Schedule.steady(5000, Duration.ZERO, Duration.ofSeconds(60));

        assertThat(schedule.messages()).isEqualTo(300_000);
        for (int second = 0; second < 60; second++) {
            assertThat(schedule.dueBetween(second * 1_000_000_000L, (second + 1) * 1_000_000_000L)).isEqualTo(5000);
        }
        assertThat(schedule.dueBetween(0, 1_500_000)).isEqualTo(8); // 0, 0.2, ... 1.4 ms
        assertThat(schedule.firstDueAtOrAfter(Long.MAX_VALUE)).isEqualTo(300_000);
    }

    @Test
    void aRateThatIsNotAWholeNumberStillPlansFloorOfRateTimesSeconds() {
        Schedule schedule = Schedule.steady(2.5, Duration.ZERO, Duration.ofSeconds(3));

        assertThat(schedule.messages()).isEqualTo(7);
        assertThat(schedule.dueNanos(6)).isEqualTo(2_400_000_000L);
    }

    @Test
    void warmUpComesFirstAndIsNotMeasured() {
        Schedule schedule = Schedule.steady(100, Duration.ofSeconds(2), Duration.ofSeconds(5));

        assertThat(schedule.messages()).isEqualTo(700);
        assertThat(schedule.measured(199)).isFalse();
        assertThat(schedule.measured(200)).isTrue();
        assertThat(schedule.dueNanos(200)).isEqualTo(2_000_000_000L);
        assertThat(schedule.measuredStartNanos()).isEqualTo(2_000_000_000L);
        assertThat(schedule.lengthNanos()).isEqualTo(7_000_000_000L);
    }

    @Test
    void aSpikeSitsInTheMiddleAtItsOwnRate() {
        Schedule schedule = Schedule.spike(100, 1000, Duration.ofSeconds(2), Duration.ZERO, Duration.ofSeconds(10));

        assertThat(schedule.segments()).extracting(Schedule.Segment::name).containsExactly("before spike", "spike", "after spike");
        assertThat(schedule.messages()).isEqualTo(400 + 2000 + 400);
        assertThat(schedule.dueBetween(4_000_000_000L, 6_000_000_000L)).isEqualTo(2000);
        assertThat(schedule.dueBetween(3_000_000_000L, 4_000_000_000L)).isEqualTo(100);
        assertThat(schedule.dueNanos(400)).isEqualTo(4_000_000_000L);
        assertThat(schedule.dueNanos(2400)).isEqualTo(6_000_000_000L);
    }

    @Test
    void segmentsWithoutMessagesAreSkipped() {
        Schedule schedule = new Schedule(List.of(new Schedule.Segment("none", 0.5, Duration.ofSeconds(1), true),
                new Schedule.Segment("some", 10, Duration.ofSeconds(1), true)));

        assertThat(schedule.messages()).isEqualTo(10);
        assertThat(schedule.segment(0).name()).isEqualTo("some");
        assertThat(schedule.dueNanos(0)).isEqualTo(1_000_000_000L);
    }

    @Test
    void refusesASpikeLongerThanTheRun() {
        assertThatThrownBy(() -> Schedule.spike(1, 2, Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(4)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
