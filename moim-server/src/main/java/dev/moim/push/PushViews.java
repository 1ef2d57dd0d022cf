package dev.moim.push;

import java.time.Instant;
import java.util.List;

/** What clients get back. A subscription shows only the push service's origin: the endpoint itself is a secret. */
final class PushViews {

    private PushViews() {
    }

    record PublicKey(String publicKey) {
    }

    /** @param createdAt when the browser (last) subscribed */
    record Subscription(String origin, Instant createdAt) {
    }

    record Subscriptions(List<Subscription> subscriptions) {
    }
}
