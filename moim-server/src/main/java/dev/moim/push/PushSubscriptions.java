package dev.moim.push;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import dev.moim.bus.EventBus;
import dev.moim.bus.NodeNotice;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.config.MoimProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Service;

/**
 * The browsers each user subscribed. A subscription is checked before it is stored, because the server will POST
 * to its endpoint and encrypt to its key: the endpoint must be an https URL on an allowed push service (http only
 * on this machine, for tests), and the key a point on P-256.
 */
@Service
class PushSubscriptions {

    static final int MAX_ENDPOINT_LENGTH = 1024;
    /** base64url of 65 bytes is 87 characters; padding and slack for nothing longer. */
    private static final int MAX_KEY_LENGTH = 100;
    private static final Pattern IPV4_LOOPBACK = Pattern.compile("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");

    private final PushStore store;
    private final EventBus bus;
    private final List<String> allowedHosts;
    private final int maxPerUser;
    private final Counter replaced;

    PushSubscriptions(PushStore store, EventBus bus, MoimProperties properties, MeterRegistry meters) {
        this.store = store;
        this.bus = bus;
        this.allowedHosts = properties.push().allowedHosts().stream().map(h -> h.trim().toLowerCase(Locale.ROOT)).toList();
        this.maxPerUser = properties.push().maxSubscriptionsPerUser();
        this.replaced = PushService.removedCounter(meters, "replaced");
    }

    record Subscribed(PushViews.Subscription subscription, boolean created) {
    }

    /**
     * Stores the browser's subscription for this user. The same endpoint again (the browser renewed its keys, or
     * another user logged in on it) replaces the row; past the cap the user's oldest subscription goes.
     */
    Subscribed subscribe(long userId, PushRequests.Subscribe request) {
        URI endpoint = checkEndpoint(request.endpoint());
        PushRequests.Keys keys = request.keys();
        if (keys == null) {
            throw invalid("keys (p256dh and auth) are missing");
        }
        String p256dh = P256.base64Url(checkPublicKey(keys.p256dh()));
        String auth = P256.base64Url(checkAuth(keys.auth()));
        PushStore.Saved saved = store.save(userId, endpoint.toString(), p256dh, auth, maxPerUser);
        replaced.increment(saved.replaced().size());
        // Every node forgets what it knew of this user, so that it pushes to the new browser at once.
        bus.publish(new NodeNotice.UserChanged(userId));
        return new Subscribed(view(saved.subscription()), saved.created());
    }

    /** Deletes the endpoint if it is this user's; anything else is left alone, and nobody learns whose it is. */
    void unsubscribe(long userId, String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw invalid("endpoint is missing");
        }
        store.delete(userId, endpoint);
    }

    List<PushViews.Subscription> of(long userId) {
        return store.ofUser(userId).stream().map(PushSubscriptions::view).toList();
    }

    private static PushViews.Subscription view(PushStore.Subscription subscription) {
        return new PushViews.Subscription(VapidKeys.origin(URI.create(subscription.endpoint())), subscription.createdAt());
    }

    private URI checkEndpoint(String endpoint) {
        if (endpoint == null || endpoint.isBlank()) {
            throw invalid("endpoint is missing");
        }
        if (endpoint.length() > MAX_ENDPOINT_LENGTH) {
            throw invalid("endpoint is longer than " + MAX_ENDPOINT_LENGTH + " characters");
        }
        // Push services hand out plain ASCII URLs; anything else would be read differently by different parsers.
        if (!endpoint.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw invalid("endpoint holds characters a push service's URL does not have");
        }
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (URISyntaxException e) {
            throw invalid("endpoint is not a URL");
        }
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null
                || uri.getRawFragment() != null) {
            throw invalid("endpoint is not an absolute URL with a host (and without user or fragment)");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && isLoopback(host))) {
            throw invalid("endpoint must be an https URL");
        }
        if (!isAllowed(host)) {
            throw new MoimException(ErrorCode.PUSH_SERVICE_NOT_ALLOWED,
                    "This server does not send pushes to " + host + " (see moim.push.allowed-hosts)");
        }
        return uri;
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("[::1]") || IPV4_LOOPBACK.matcher(host).matches();
    }

    private boolean isAllowed(String host) {
        for (String allowed : allowedHosts) {
            if (allowed.equals("*") || allowed.equals(host)
                    || (allowed.startsWith("*.") && host.endsWith(allowed.substring(1)))) {
                return true;
            }
        }
        return false;
    }

    private static byte[] checkPublicKey(String p256dh) {
        byte[] point = decode("keys.p256dh", p256dh);
        try {
            P256.publicKey(point);
            return point;
        } catch (IllegalArgumentException e) {
            throw invalid("keys.p256dh is not a P-256 public key: " + e.getMessage());
        }
    }

    private static byte[] checkAuth(String auth) {
        byte[] secret = decode("keys.auth", auth);
        if (secret.length != WebPushEncryption.AUTH_SECRET_BYTES) {
            throw invalid("keys.auth must be " + WebPushEncryption.AUTH_SECRET_BYTES + " bytes, not " + secret.length);
        }
        return secret;
    }

    private static byte[] decode(String field, String value) {
        if (value == null || value.isBlank()) {
            throw invalid(field + " is missing");
        }
        if (value.length() > MAX_KEY_LENGTH) {
            throw invalid(field + " is too long");
        }
        try {
            return P256.fromBase64Url(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field + " is not base64url");
        }
    }

    private static MoimException invalid(String problem) {
        return new MoimException(ErrorCode.INVALID_PUSH_SUBSCRIPTION, problem);
    }
}
