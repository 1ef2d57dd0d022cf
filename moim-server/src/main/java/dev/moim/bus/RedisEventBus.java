package dev.moim.bus;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * The bus of cluster mode: every node publishes to one Redis pub/sub channel and hears every other node there.
 * This node's listeners get its own events at once, on the publishing thread (as in-process), and its echo
 * from Redis is skipped by origin. Other nodes' events are decoded and delivered on one thread of their own, in
 * the order Redis delivers them, which for one publishing node is the order it published.
 *
 * <p>Lettuce reconnects and subscribes again by itself after a Redis restart. While either connection is down
 * the bus says so ({@link #available()}, health {@code redisBus}), publishing fails at once instead of queueing,
 * and writes are refused until it is back. What a node misses meanwhile its clients read from history by seq.
 */
@Component("redisBus")
@Profile("redis")
public class RedisEventBus implements EventBus, HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(RedisEventBus.class);
    static final byte[] CHANNEL = "moim:events".getBytes(StandardCharsets.UTF_8);
    /** Events from other nodes waiting for the delivery thread; beyond this they are dropped and counted. */
    private static final int INBOUND_QUEUE = 50_000;

    private final String origin = UUID.randomUUID().toString();
    private final EventCodec codec = new EventCodec();
    private final Listeners listeners;
    private final StatefulRedisConnection<byte[], byte[]> publisher;
    private final StatefulRedisPubSubConnection<byte[], byte[]> subscriber;
    private final ThreadPoolExecutor inbound;
    private final Counter published;
    private final Counter publishFailed;
    private final Counter received;
    private final Counter dropped;

    public RedisEventBus(RedisClient client, ObjectProvider<Listener> listenerProvider, MeterRegistry meters) {
        this.listeners = new Listeners(listenerProvider);
        this.published = Counter.builder("moim.bus.published").description("Events this node sent to the other nodes").register(meters);
        this.publishFailed = Counter.builder("moim.bus.publish.failed")
                .description("Events that could not be sent to the other nodes (Redis unreachable)").register(meters);
        this.received = Counter.builder("moim.bus.received").description("Events received from other nodes").register(meters);
        this.dropped = Counter.builder("moim.bus.dropped")
                .description("Events from other nodes dropped: unreadable, or more waiting than this node keeps").register(meters);
        this.inbound = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(INBOUND_QUEUE),
                Thread.ofPlatform().name("moim-bus-in").daemon(true).factory(), (task, pool) -> dropped.increment());
        this.publisher = client.connect(ByteArrayCodec.INSTANCE);
        this.subscriber = client.connectPubSub(ByteArrayCodec.INSTANCE);
        subscriber.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(byte[] channel, byte[] message) {
                inbound.execute(() -> receive(message));
            }
        });
        subscriber.sync().subscribe(CHANNEL);
        log.info("Event bus on Redis as node {}", origin);
    }

    @Override
    public void publish(RoomCommit commit) {
        listeners.each(listener -> listener.onCommit(commit));
        send(EventCodec.Envelope.ofCommit(origin, commit));
    }

    @Override
    public void publish(RoomEvent event) {
        listeners.each(listener -> listener.onRoomEvent(event));
        send(EventCodec.Envelope.ofRoom(origin, event));
    }

    @Override
    public void publish(NodeNotice notice) {
        listeners.each(listener -> listener.onNotice(notice));
        send(EventCodec.Envelope.ofNotice(origin, notice));
    }

    @Override
    public void publishToUser(long userId, UserEvent event) {
        listeners.each(listener -> listener.onUserEvent(userId, event));
        send(EventCodec.Envelope.ofUser(origin, userId, event));
    }

    @Override
    public boolean available() {
        return publisher.isOpen() && subscriber.isOpen();
    }

    @Override
    public Health health() {
        return available() ? Health.up().withDetail("node", origin).build()
                : Health.down().withDetail("node", origin).withDetail("reason", "Redis is unreachable").build();
    }

    @Override
    public boolean spansNodes() {
        return true;
    }

    @Override
    public int inboundBacklog() {
        return inbound.getQueue().size() + inbound.getActiveCount();
    }

    /** This node's id on the bus (random per start). */
    public String node() {
        return origin;
    }

    private void send(EventCodec.Envelope envelope) {
        byte[] bytes = codec.encode(envelope);
        // Asynchronous, on one connection: Redis receives them in the order they were sent.
        publisher.async().publish(CHANNEL, bytes).whenComplete((subscribers, error) -> {
            if (error == null) {
                published.increment();
            } else {
                publishFailed.increment();
                log.warn("An event could not reach the other nodes: {}", error.toString());
            }
        });
    }

    private void receive(byte[] message) {
        EventCodec.Envelope envelope;
        try {
            envelope = codec.decode(message);
        } catch (IllegalArgumentException e) {
            dropped.increment();
            log.warn("Dropped an unreadable event from the bus: {}", e.getMessage());
            return;
        }
        if (origin.equals(envelope.origin())) {
            return;
        }
        received.increment();
        // One listener's failure must not keep the event from the others.
        listeners.each(listener -> {
            try {
                if (envelope.commit() != null) {
                    listener.onRemoteCommit(envelope.commit());
                } else if (envelope.room() != null) {
                    listener.onRoomEvent(envelope.room());
                } else if (envelope.notice() != null) {
                    listener.onNotice(envelope.notice());
                } else {
                    listener.onUserEvent(envelope.userId(), envelope.user());
                }
            } catch (RuntimeException e) {
                log.error("A listener failed on an event from node {}", envelope.origin(), e);
            }
        });
    }

    @PreDestroy
    void stop() throws InterruptedException {
        subscriber.close();
        publisher.close();
        inbound.shutdown();
        inbound.awaitTermination(5, TimeUnit.SECONDS);
    }
}
