package dev.moim.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Everything Moim itself can be told; defaults live in application.yml. */
@ConfigurationProperties("moim")
public record MoimProperties(Path dataDir, Auth auth, Messages messages, Rooms rooms, Realtime realtime, Http http,
                             Store store, Cluster cluster, Search search, Files files,
                             Social social, Push push, Accounts accounts, Mail mail, Reactions reactions,
                             Groups groups, Ledger ledger, Dues dues) {

    /**
     * @param jwtSecret                    base64 HMAC key (at least 32 bytes); empty means "generate one into the data directory"
     * @param hashingThreads               threads that run BCrypt; 0 means half the processors (at least one)
     * @param hashingQueueCapacity         passwords waiting for a hashing thread; beyond it SERVER_BUSY
     * @param signupsPerIp                 sign-ups from one client address
     * @param loginFailuresPerIp           failed log-ins from one client address, whatever the account
     * @param loginFailuresPerAccountAndIp failed log-ins to one account from one client address
     * @param loginFailuresPerAccount      failed log-ins to one account from anywhere; past it every attempt on the
     *                                     account is answered only after {@code loginDelayUnderAttack}, and the right
     *                                     password still gets in
     */
    public record Auth(String jwtSecret, Duration accessTokenTtl, Duration refreshTokenTtl,
                       int hashingThreads, int hashingQueueCapacity,
                       Rate signupsPerIp, Rate loginFailuresPerIp, Rate loginFailuresPerAccountAndIp,
                       Rate loginFailuresPerAccount, Duration loginDelayUnderAttack) {
    }

    /** A token bucket: at most {@code count} at once, refilled gradually over {@code per}. */
    public record Rate(int count, Duration per) {
    }

    /**
     * @param writeQueueCapacity sends waiting for the room writer; beyond it a send is refused as SERVER_BUSY
     * @param maxQueueWait       while the oldest waiting send has waited longer than this, a new send is refused
     *                           as SERVER_BUSY (the writer is overloaded)
     * @param maxBatchSize       most writes committed in one transaction (group commit)
     * @param commitDelay        how long the room writer waits, once a write has arrived, for more to commit with it
     * @param editRatePerSecond  edits and deletions per user, together (each is broadcast to the room)
     */
    public record Messages(int maxContentLength, double sendRatePerSecond, int sendBurst,
                           int writeQueueCapacity, Duration maxQueueWait, int maxBatchSize, Duration commitDelay,
                           Duration writeTimeout,
                           double editRatePerSecond, int editBurst) {
    }

    /**
     * @param memberAdds members one user may put into rooms (creating a room counts its members, inviting counts
     *                   the invitees): each one costs a room_added event, a row and a subscription on their side
     */
    public record Rooms(int maxMembers, Rate memberAdds) {
    }

    /**
     * @param inboundQueueCapacity  frames waiting for a worker; when full the socket's own thread does the work,
     *                              which slows that client down instead of growing a queue without bound
     * @param socketBufferSize      the servlet container's WebSocket buffers of one connection (bytes, and chars for
     *                              text): a longer WebSocket message is handed over in parts and put together into
     *                              STOMP frames up to {@code messageSizeLimit}, so this is memory per connection, not
     *                              a limit
     * @param sendBufferSizeLimit   bytes queued for one slow session before it is disconnected
     * @param presenceGrace         how long after their last session closes a user is announced offline
     * @param presenceFlush         how often presence changes are announced, each batch as one event per room
     * @param maxSessionsPerUser    open STOMP sessions one user may hold on a node; one more is refused at CONNECT
     * @param maxSubscriptionsPerSession subscriptions one session may hold; each costs a frame per event
     */
    public record Realtime(int inboundThreads, int inboundQueueCapacity, int outboundThreads,
                           int outboundQueueCapacity, int messageSizeLimit, int socketBufferSize, int sendBufferSizeLimit,
                           Duration sendTimeLimit, Duration heartbeat, Duration presenceGrace,
                           Duration presenceFlush, int maxSessionsPerUser, int maxSubscriptionsPerSession) {
    }

    /**
     * @param metricsFrom    addresses or CIDR ranges that may read {@code /actuator/prometheus}
     * @param trustedProxies addresses or CIDR ranges of the reverse proxies whose {@code X-Forwarded-For} is believed;
     *                       empty means none, so the client address is the socket's
     * @param maxBodySize    largest REST request body, declared or streamed
     */
    public record Http(List<String> trustedProxies, DataSize maxBodySize, List<String> metricsFrom) {
    }

    /**
     * @param allowWriteDelay       start on an H2 database whose WRITE_DELAY is above 0, with a warning.
     *                              Acknowledgements are then not durable; only for measuring what durability costs.
     * @param h2CompactionInterval  how often the embedded H2 file's emptiest chunks are rewritten (0: never)
     */
    public record Store(boolean allowWriteDelay, Duration h2CompactionInterval) {
    }

    /**
     * Cluster mode only (the {@code redis} profile).
     *
     * @param heartbeat   how often a node tells Redis it is alive
     * @param nodeTimeout a node silent this long is taken for dead: its users go offline unless connected elsewhere
     * @param reorderWait how long a room's commit that arrived ahead of an earlier one waits for it before the
     *                    earlier one is taken for lost (and the room's subscribers on this node told to resync)
     */
    public record Cluster(Duration heartbeat, Duration nodeTimeout, Duration reorderWait) {
    }

    /**
     * @param searchesPerUser searches one user may make (each reads the index and the database)
     * @param opensearchUrl   the OpenSearch node the {@code opensearch} profile indexes into
     * @param opensearchIndex the name of Moim's index there
     */
    public record Search(Rate searchesPerUser, String opensearchUrl, String opensearchIndex) {
    }

    /**
     * Photos, files and profile pictures.
     *
     * @param storage          {@code local} (under {@code <data-dir>/files}) or {@code s3}
     * @param maxPhotoSize     largest photo upload (JPEG, PNG, GIF, WebP)
     * @param maxFileSize      largest file upload of any other kind
     * @param maxImagePixels   most pixels (width x height) a photo may have; a larger one is refused before it is
     *                         decoded (decompression bombs)
     * @param maxAnimationPixels most pixels over all frames of an animated GIF, PNG or WebP
     * @param maxPhotosPerMessage photos one message may carry (an album)
     * @param userQuota        bytes one user's live uploads may take, across rooms
     * @param roomQuota        bytes one room's live uploads may take
     * @param deleteGrace      how long a deleted message's files are kept before their objects are deleted
     * @param orphanAfter      an upload no message has carried after this long is deleted
     * @param uploadsPerUser   uploads one user may make (each is stored and, for a photo, decoded)
     * @param janitorInterval  how often each node deletes what is due (deleted messages' files, orphan uploads)
     */
    public record Files(String storage, DataSize maxPhotoSize, DataSize maxFileSize, long maxImagePixels,
                        long maxAnimationPixels, int maxPhotosPerMessage, DataSize userQuota, DataSize roomQuota,
                        Duration deleteGrace, Duration orphanAfter, Rate uploadsPerUser, Duration janitorInterval,
                        S3 s3) {
    }

    /**
     * An S3-compatible store ({@code moim.files.storage=s3}). Credentials, when not given here, come from the AWS
     * SDK's usual places (environment, profile files, instance role).
     *
     * @param endpoint     the service's URL; empty for AWS itself
     * @param pathStyle    {@code http://host/bucket/key} addressing, which most S3-compatible servers need
     * @param createBucket create the bucket at start when it does not exist
     */
    public record S3(String endpoint, String region, String bucket, boolean pathStyle, String accessKey,
                     String secretKey, boolean createBucket) {
    }

    /**
     * Friends, mentions and notifications.
     *
     * @param notificationsKept      a user's newest notifications kept; older ones are deleted
     * @param maxMentionsPerMessage  people one message may mention (each is notified)
     * @param mentionsPerUser        people one user may mention over time, together
     * @param friendRequestsPerUser  friend requests one user may send
     */
    public record Social(int notificationsKept, int maxMentionsPerMessage, Rate mentionsPerUser,
                         Rate friendRequestsPerUser) {
    }

    /**
     * Web Push to browsers that are offline (RFC 8030, with RFC 8291 encryption and RFC 8292 VAPID).
     *
     * @param vapidPublicKey          the server's VAPID public key: base64url of the uncompressed P-256 point. Empty
     *                                (with an empty private key): a pair is generated on first use and kept in the
     *                                database, so that every node of a cluster signs with the same one
     * @param vapidPrivateKey         the matching private key: base64url of the 32-byte scalar
     * @param subject                 a {@code mailto:} or {@code https:} URL where the push services can reach the
     *                                operator (the JWT's {@code sub}); empty leaves it out
     * @param allowedHosts            push services a subscription may point at: host names, {@code *.example.com}
     *                                for the subdomains of one, or {@code *} for any. The server POSTs to these, so
     *                                nothing else is taken (an endpoint on an internal address would be a way in)
     * @param maxSubscriptionsPerUser devices one user may subscribe; one more replaces the one subscribed longest ago
     * @param threads                 workers that send pushes (each sends to all of one user's devices at once)
     * @param queueCapacity           pushes waiting for a worker; beyond it a push is dropped and counted, never
     *                                waited for
     * @param connectTimeout          how long a connection to a push service may take
     * @param requestTimeout          how long one push may take, from sending to the push service's answer
     */
    public record Push(String vapidPublicKey, String vapidPrivateKey, String subject, List<String> allowedHosts,
                       int maxSubscriptionsPerUser, int threads, int queueCapacity, Duration connectTimeout,
                       Duration requestTimeout) {
    }

    /**
     * E-mail verification, password reset and withdrawal.
     *
     * @param requireVerifiedEmail  refuse an unverified account everything but its own account, verification, log-out,
     *                              refresh and withdrawal (EMAIL_NOT_VERIFIED), over REST and at STOMP CONNECT
     * @param verificationCodeTtl   how long a mailed e-mail verification code is good for
     * @param resetCodeTtl          how long a mailed password-reset code is good for
     * @param codeAttempts          wrong guesses one code survives; then it is dead and a new one must be asked for
     * @param resendCooldown        the least time between two codes mailed to one account for one purpose
     * @param codeSendsPerEmail     codes mailed to one address (resends and password resets; the sign-up mail is free)
     * @param codeSendsPerIp        codes asked for from one client address (resends and password resets)
     * @param codeChecksPerIp       codes checked from one client address (verification and reset confirmation)
     * @param passwordChecksPerUser wrong passwords one signed-in user may give to confirm a change or a withdrawal
     */
    public record Accounts(boolean requireVerifiedEmail, Duration verificationCodeTtl, Duration resetCodeTtl,
                           int codeAttempts, Duration resendCooldown, Rate codeSendsPerEmail, Rate codeSendsPerIp,
                           Rate codeChecksPerIp, Rate passwordChecksPerUser) {
    }

    /**
     * Outgoing mail. Over SMTP when {@code spring.mail.host} is set; otherwise written to the log and to
     * {@code <data-dir>/mail/outbox.log}.
     *
     * @param from          the From of every mail, e.g. {@code Moim <no-reply@example.com>}
     * @param senderThreads threads that hand mails to the SMTP server (or the file), off the request threads
     * @param queueCapacity mails waiting for a sender thread; past it a mail is dropped and logged
     */
    public record Mail(String from, int senderThreads, int queueCapacity) {
    }

    /**
     * Reactions to messages.
     *
     * @param emojis  the reactions members may choose from, in the order clients show them (a reaction is one emoji;
     *                one sent without its variation selector U+FE0F is taken as the one listed with it)
     * @param perUser reactions one user may add or remove (each is an event to the whole room)
     */
    public record Reactions(List<String> emojis, Rate perUser) {
    }

    /**
     * Group life: join policies, applications, invite links.
     *
     * @param passwordAttempts      wrong room passwords one user may give for one room
     * @param applicationsPerUser   applications one user may make (each notifies the room's owner and managers)
     * @param inviteLinkTtl         how long an invite link lasts when its creator does not say
     * @param maxInviteLinkTtl      the longest an invite link may last
     * @param maxInviteLinksPerRoom invite links a room may have at once (expired and used-up ones count until revoked
     *                              or a day past their expiry)
     * @param inviteUrlPrefix       what an invite link's {@code url} is: this followed by its code (a relative prefix
     *                              is resolved by the client against the server it talks to)
     */
    public record Groups(Rate passwordAttempts, Rate applicationsPerUser, Duration inviteLinkTtl,
                         Duration maxInviteLinkTtl, int maxInviteLinksPerRoom, String inviteUrlPrefix) {
    }

    /**
     * Wallets and group accounts (the money is simulated: deposits are recorded, nothing is charged).
     *
     * @param walletCurrency   the currency of every personal wallet (ISO 4217), in whose minor units amounts are counted
     * @param currencies       the currencies a group account may be opened in
     * @param maxDeposit       the largest single simulated deposit, in minor units
     * @param maxDepositPerDay the most one wallet may take in deposits over any 24 hours, in minor units
     * @param pinAttempts      wrong payment PINs one user may give; past it RATE_LIMITED
     */
    public record Ledger(String walletCurrency, List<String> currencies, long maxDeposit, long maxDepositPerDay,
                        Rate pinAttempts) {
    }

    /**
     * Group dues: plans, autopay, reminders, expenses and reports.
     *
     * @param schedulerDelay     how long each node waits between two passes of the dues scheduler (charges, autopay,
     *                           reminders); every node runs it and the rows decide who does what, so more nodes only
     *                           mean more frequent passes
     * @param zone               the time zone a new plan's dates are in (its due days begin at midnight there)
     * @param maxAmount          the largest amount a plan may ask or an expense may spend, in minor units
     * @param maxPurposeLength   characters an expense's purpose may have
     * @param maxStatementEntries entries one statement (JSON or CSV) may hold; a longer range is refused
     * @param maxMonths          months the income and spending chart may cover
     */
    public record Dues(Duration schedulerDelay, String zone, long maxAmount, int maxPurposeLength,
                       int maxStatementEntries, int maxMonths) {
    }
}
