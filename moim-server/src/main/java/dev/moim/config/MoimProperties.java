package dev.moim.config;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** Everything Moim itself can be told; defaults live in application.yml. */
@ConfigurationProperties("moim")
public record MoimProperties(Path dataDir, Auth auth, Messages messages, Rooms rooms, Realtime realtime, Store store) {

    /**
     * @param jwtSecret base64 HMAC key (at least 32 bytes); empty means "generate one into the data directory"
     */
    public record Auth(String jwtSecret, Duration accessTokenTtl, Duration refreshTokenTtl) {
    }

    /**
     * @param writeQueueCapacity sends waiting for the room writer; beyond it a send is refused as SERVER_BUSY
     * @param maxBatchSize       most writes committed in one transaction (group commit)
     */
    public record Messages(int maxContentLength, double sendRatePerSecond, int sendBurst,
                           int writeQueueCapacity, int maxBatchSize, Duration writeTimeout) {
    }

    public record Rooms(int maxMembers) {
    }

    /**
     * @param inboundQueueCapacity  frames waiting for a worker; when full the socket's own thread does the work,
     *                              which slows that client down instead of growing a queue without bound
     * @param sendBufferSizeLimit   bytes queued for one slow session before it is disconnected
     * @param presenceGrace         how long after their last session closes a user is announced offline
     */
    public record Realtime(int inboundThreads, int inboundQueueCapacity, int outboundThreads,
                           int outboundQueueCapacity, int messageSizeLimit, int sendBufferSizeLimit,
                           Duration sendTimeLimit, Duration heartbeat, Duration presenceGrace) {
    }

    /**
     * @param allowWriteDelay       start on an H2 database whose WRITE_DELAY is above 0, with a warning.
     *                              Acknowledgements are then not durable; only for measuring what durability costs.
     * @param h2CompactionInterval  how often the embedded H2 file's emptiest chunks are rewritten (0: never)
     */
    public record Store(boolean allowWriteDelay, Duration h2CompactionInterval) {
    }
}
