package dev.moim.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.moim.config.MoimProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/**
 * Sends Web Push messages to a user's subscribed browsers, for whoever decides what is worth a push (a message
 * to someone offline). Each push is encrypted for each browser (RFC 8291), signed with the server's VAPID key
 * (RFC 8292) and POSTed to the browser's push service (RFC 8030).
 *
 * <p>{@link #send} never waits: the push goes to a small pool of workers through a bounded queue, and when the
 * queue is full it is dropped and counted ({@code moim.push.dropped}). Subscriptions live only in the database, so
 * any node of a cluster sends to every device of a user. A push service that says a subscription is gone (404,
 * 410) has it deleted; any other refusal is logged and counted, and the push is not retried.
 */
@Service
public class PushService {

    private static final Logger log = LoggerFactory.getLogger(PushService.class);
    /** A push service that keeps failing is logged once per this long, not once per push. */
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final PushStore store;
    private final VapidKeys vapid;
    private final HttpClient http;
    private final ThreadPoolExecutor workers;
    private final Duration requestTimeout;
    private final MeterRegistry meters;
    private final Counter sent;
    private final Counter dropped;
    private final Counter gone;
    private final AtomicLong lastWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);
    private final AtomicLong unwarned = new AtomicLong();

    @Autowired
    public PushService(PushStore store, VapidKeys vapid, MoimProperties properties, MeterRegistry meters) {
        this(store, vapid, properties.push(), meters);
    }

    PushService(PushStore store, VapidKeys vapid, MoimProperties.Push settings, MeterRegistry meters) {
        this.store = store;
        this.vapid = vapid;
        this.requestTimeout = settings.requestTimeout();
        this.meters = meters;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // An endpoint was checked when it was subscribed; a redirect could lead anywhere.
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        this.workers = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(settings.queueCapacity()),
                Thread.ofPlatform().name("moim-push-", 1).daemon(true).factory(), new ThreadPoolExecutor.AbortPolicy());
        this.sent = Counter.builder("moim.push.sent").description("Pushes a push service accepted").register(meters);
        this.dropped = Counter.builder("moim.push.dropped")
                .description("Pushes dropped because the push queue was full").register(meters);
        this.gone = removedCounter(meters, "gone");
        Gauge.builder("moim.push.queued", workers.getQueue(), Collection::size)
                .description("Pushes waiting for a push worker").register(meters);
    }

    static Counter removedCounter(MeterRegistry meters, String reason) {
        return Counter.builder("moim.push.subscriptions.removed")
                .description("Push subscriptions deleted: gone (the push service said so) or replaced (over the cap)")
                .tag("reason", reason).register(meters);
    }

    /**
     * Pushes {@code message} to every browser {@code userId} subscribed, in the background. Returns at once, also
     * when the user has no subscription or the queue is full (the push is then dropped and counted).
     */
    public void send(long userId, PushMessage message) {
        try {
            workers.execute(() -> deliver(userId, message));
        } catch (RejectedExecutionException full) {
            dropped.increment();
        }
    }

    /** Whether the user has any subscribed browser: one indexed query, to skip preparing a push nobody gets. */
    public boolean hasSubscriptions(long userId) {
        return store.hasAny(userId);
    }

    /** Of these users, those with a subscribed browser, in one query. */
    public Set<Long> withSubscriptions(Collection<Long> userIds) {
        return store.withAny(userIds);
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
        http.shutdownNow();
    }

    private record Answer(PushStore.Subscription subscription, HttpResponse<Void> response, Throwable error) {
    }

    private void deliver(long userId, PushMessage message) {
        List<PushStore.Subscription> subscriptions;
        try {
            subscriptions = store.ofUser(userId);
        } catch (RuntimeException e) {
            failed("store").increment();
            warn("Push subscriptions could not be read: {}", e.toString());
            return;
        }
        byte[] payload = message.json().getBytes(StandardCharsets.UTF_8);
        List<CompletableFuture<Answer>> pushes = new ArrayList<>(subscriptions.size());
        for (PushStore.Subscription subscription : subscriptions) {
            try {
                pushes.add(http.sendAsync(request(subscription, message, payload), HttpResponse.BodyHandlers.discarding())
                        // The request timeout ends at the answer's headers; this also bounds a body that never ends.
                        .orTimeout(requestTimeout.toMillis() * 2, TimeUnit.MILLISECONDS)
                        .handle((response, error) -> new Answer(subscription, response, error)));
            } catch (RuntimeException e) {
                failed("error").increment();
                log.warn("A push could not be prepared for {}", origin(subscription), e);
            }
        }
        // One user's devices in parallel, and this worker waits for them: pushes in flight stay bounded.
        for (CompletableFuture<Answer> push : pushes) {
            try {
                answered(push.join());
            } catch (RuntimeException e) {
                failed("error").increment();
                log.warn("A push answer could not be handled", e);
            }
        }
    }

    private HttpRequest request(PushStore.Subscription subscription, PushMessage message, byte[] payload) {
        URI endpoint = URI.create(subscription.endpoint());
        byte[] body = WebPushEncryption.encrypt(payload, P256.publicKey(P256.fromBase64Url(subscription.p256dh())),
                P256.fromBase64Url(subscription.auth()));
        HttpRequest.Builder request = HttpRequest.newBuilder(endpoint)
                .timeout(requestTimeout)
                .header("Authorization", vapid.authorization(endpoint))
                .header("TTL", Long.toString(message.ttl().toSeconds()))
                .header("Urgency", message.urgency().header())
                .header("Content-Encoding", "aes128gcm")
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (message.topic() != null) {
            request.header("Topic", message.topic());
        }
        return request.build();
    }

    private void answered(Answer answer) {
        String origin = origin(answer.subscription());
        if (answer.error() != null) {
            Throwable error = answer.error() instanceof CompletionException wrapped && wrapped.getCause() != null
                    ? wrapped.getCause() : answer.error();
            failed(error instanceof HttpTimeoutException || error instanceof TimeoutException ? "timeout" : "network").increment();
            warn("Push to {} failed: {}", origin, error.toString());
            return;
        }
        int status = answer.response().statusCode();
        if (status >= 200 && status < 300) {
            sent.increment();
        } else if (status == 404 || status == 410) {
            // The browser unsubscribed, or the subscription expired: it will never take a push again.
            if (store.deleteGone(answer.subscription())) {
                gone.increment();
            }
        } else if (status == 429) {
            failed("throttled").increment();
            warn("Push service {} is throttling us (429)", origin, null);
        } else if (status >= 500) {
            failed("unavailable").increment();
            warn("Push service {} answered {}", origin, status);
        } else {
            // 400, 401, 403 (a key the subscription was not made with), 413: our request is wrong for it.
            failed("refused").increment();
            warn("Push service {} refused a push with {}", origin, status);
        }
    }

    private Counter failed(String reason) {
        return Counter.builder("moim.push.failed")
                .description("Pushes that did not reach the push service or were refused by it, by reason")
                .tag("reason", reason).register(meters);
    }

    /** The endpoint's origin only: the rest of it is the browser's secret address. */
    private static String origin(PushStore.Subscription subscription) {
        try {
            return VapidKeys.origin(URI.create(subscription.endpoint()));
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private void warn(String format, Object first, Object second) {
        long now = System.nanoTime();
        long last = lastWarning.get();
        if (now - last < WARN_EVERY_NANOS || !lastWarning.compareAndSet(last, now)) {
            unwarned.incrementAndGet();
            return;
        }
        long quiet = unwarned.getAndSet(0);
        log.warn(format + (quiet > 0 ? " (and " + quiet + " other push failures in the last minute)" : ""), first, second);
    }

    private void warn(String format, Object only) {
        warn(format, only, null);
    }
}
