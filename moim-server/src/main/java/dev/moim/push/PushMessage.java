package dev.moim.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One push to all of a user's subscribed browsers. Its service worker gets {@code json} as the push event's data.
 *
 * @param topic   collapse key (RFC 8030 {@code Topic}): a push service keeps only the newest undelivered push of a
 *                topic per browser, e.g. {@code "room-12"} so that an offline phone gets one push per room, not one
 *                per message. 1 to 32 characters of the base64url alphabet ({@code A-Z a-z 0-9 - _}), or null
 * @param json    the payload, at most {@link #MAX_PAYLOAD_BYTES} bytes in UTF-8; keep it small (ids and a
 *                preview), since push services see its length and browsers its content
 * @param ttl     how long the push service keeps it for a browser that is offline; zero: deliver now or never.
 *                Push services keep a push four weeks at most
 * @param urgency how soon a browser on battery should wake for it (RFC 8030 {@code Urgency})
 * @throws IllegalArgumentException when a value is out of those bounds: the caller's mistake, not the user's
 */
public record PushMessage(String topic, String json, Duration ttl, Urgency urgency) {

    /** What one push can carry once encrypted into the 4096 bytes every push service takes (RFC 8291 section 4). */
    public static final int MAX_PAYLOAD_BYTES = WebPushEncryption.MAX_PLAINTEXT;
    public static final Duration MAX_TTL = Duration.ofDays(28);
    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    public PushMessage {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(urgency, "urgency");
        if (topic != null && !TOPIC.matcher(topic).matches()) {
            throw new IllegalArgumentException("A push topic is 1 to 32 characters of A-Z a-z 0-9 - _: " + topic);
        }
        if (json.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
            throw new IllegalArgumentException("A push payload holds at most " + MAX_PAYLOAD_BYTES + " bytes");
        }
        if (ttl.isNegative() || ttl.compareTo(MAX_TTL) > 0) {
            throw new IllegalArgumentException("A push TTL is between 0 and " + MAX_TTL + ": " + ttl);
        }
    }

    /** RFC 8030 section 5.3. */
    public enum Urgency {
        /** Only on power and Wi-Fi. */
        VERY_LOW("very-low"),
        /** On power or Wi-Fi. */
        LOW("low"),
        NORMAL("normal"),
        /** At once, even on low battery: a direct message someone is waiting for. */
        HIGH("high");

        private final String header;

        Urgency(String header) {
            this.header = header;
        }

        /** The value of the {@code Urgency} header. */
        public String header() {
            return header;
        }
    }
}
