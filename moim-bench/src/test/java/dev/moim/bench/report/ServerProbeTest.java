package dev.moim.bench.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class ServerProbeTest {

    @Test
    void cpuIsUserPlusSystemTicksCountedAfterACommandNameWithSpaces() {
        String stat = "14194 (java (main) x) S 1 14194 14194 0 -1 4194560 1000 0 0 0 250 70 0 0 20 0 40 0 1234 5678 910";

        assertThat(ServerProbe.cpuTicksOf(stat)).isEqualTo(320);
    }

    @Test
    void readsCountersOnly() {
        String exposition = """
                # HELP moim_messages_sent_total Messages
                # TYPE moim_messages_sent_total counter
                moim_messages_sent_total{room="all"} 42.0
                # TYPE jvm_threads_live_threads gauge
                jvm_threads_live_threads 31.0
                # TYPE http_server_requests_seconds summary
                http_server_requests_seconds_count{uri="/x"} 3.0
                """;

        assertThat(ServerProbe.counters(exposition)).isEqualTo(Map.of("moim_messages_sent_total{room=\"all\"}", 42.0));
        assertThat(ServerProbe.counters(null)).isNull();
    }

    @Test
    void summarisesTheHeapAfterGc() {
        String heapInfo = """
                26447:
                 garbage-first heap   total reserved 6172672K, committed 139264K, used 37447K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 1 young (4096K), 0 survivors (0K)
                """;

        assertThat(ServerProbe.heapSummary(heapInfo)).isEqualTo("used 36.6 MiB of 136.0 MiB committed");
    }
}
