package dev.moim;

import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A datasource URL given without WRITE_DELAY=0 (H2 then waits up to 500 ms before writing a commit) would make
 * every acknowledgement a lie after kill -9; the server refuses to start on it unless told to accept the loss.
 */
@ExtendWith(OutputCaptureExtension.class)
class H2WriteDelayCheckTest {

    @Test
    void anH2UrlWithAWriteDelayIsRefusedAtStartup() {
        Path data = Path.of("target", "test-data", "write-delay-" + UUID.randomUUID()).toAbsolutePath();
        assertThatThrownBy(() -> start(data, "jdbc:h2:file:" + data + "/moim", false).close())
                .hasStackTraceContaining("WRITE_DELAY=500")
                .hasStackTraceContaining("Add ;WRITE_DELAY=0 to spring.datasource.url");
    }

    @Test
    void theDelayCanBeAcceptedDeliberatelyWithAWarning(CapturedOutput output) {
        Path data = Path.of("target", "test-data", "write-delay-" + UUID.randomUUID()).toAbsolutePath();
        try (ConfigurableApplicationContext context = start(data, "jdbc:h2:file:" + data + "/moim;WRITE_DELAY=200", true)) {
            assertThat(context.isRunning()).isTrue();
            assertThat(output).contains("WRITE_DELAY=200 ms").contains("acknowledgements are NOT durable");
        }
    }

    private static ConfigurableApplicationContext start(Path data, String url, boolean allowWriteDelay) {
        return SpringApplication.run(MoimApplication.class, "--server.port=0", "--server.address=127.0.0.1",
                "--moim.data-dir=" + data, "--spring.datasource.url=" + url,
                "--moim.store.allow-write-delay=" + allowWriteDelay);
    }
}
