package dev.moim.push;

/** What clients send: a browser's {@code PushSubscription.toJSON()} (its {@code expirationTime} is ignored). */
final class PushRequests {

    private PushRequests() {
    }

    record Subscribe(String endpoint, Keys keys) {
    }

    record Keys(String p256dh, String auth) {
    }

    record Unsubscribe(String endpoint) {
    }
}
