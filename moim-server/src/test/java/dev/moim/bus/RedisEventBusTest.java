package dev.moim.bus;

import java.util.HashMap;
import java.util.Map;

import dev.moim.config.RedisClients;
import dev.moim.support.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;

/** The cluster bus, against a real redis-server that the last test stops and starts again. */
class RedisEventBusTest extends ClusterEventBusContract {

    private static final EmbeddedRedis REDIS = new EmbeddedRedis();
    private final Map<EventBus, SimpleMeterRegistry> meters = new HashMap<>();
    private final Map<EventBus, RedisClient> clients = new HashMap<>();

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @Override
    protected EventBus newBus(DefaultListableBeanFactory listeners) {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RedisClient client = RedisClients.create(REDIS.url());
        RedisEventBus bus = new RedisEventBus(client, listeners.getBeanProvider(EventBus.Listener.class), registry);
        meters.put(bus, registry);
        clients.put(bus, client);
        return bus;
    }

    @Override
    protected void close(EventBus bus) throws Exception {
        ((RedisEventBus) bus).stop();
        clients.get(bus).shutdown();
    }

    @Test
    void whileRedisIsDownTheBusSaysSoAndItRecoversByItself() {
        Node a = node("a");
        Node b = node("b");
        RedisEventBus busA = (RedisEventBus) a.bus;
        assertThat(busA.available()).isTrue();
        assertThat(busA.health().getStatus()).isEqualTo(Status.UP);

        REDIS.stop();
        try {
            eventually(() -> assertThat(busA.available()).isFalse());
            assertThat(busA.health().getStatus()).isEqualTo(Status.DOWN);
            RoomCommit lost = commit(7, 1, new RoomEvent.ReadEvent(7, 3, 1, 2));
            a.bus.publish(lost);
            assertThat(a.heard()).contains("first commit " + lost);
            eventually(() -> assertThat(meters.get(busA).counter("moim.bus.publish.failed").count()).isEqualTo(1.0));
        } finally {
            REDIS.start();
        }

        eventually(() -> assertThat(busA.available()).isTrue());
        eventually(() -> assertThat(b.bus.available()).isTrue());
        RoomCommit after = commit(7, 2, new RoomEvent.ReadEvent(7, 3, 2, 5));
        // Until b's subscription is renewed on the new server, a commit can reach no one: publish until one does.
        eventually(() -> {
            if (!b.remote().contains("remote commit " + after)) {
                a.bus.publish(after);
            }
            assertThat(b.remote()).contains("remote commit " + after);
        });
        assertThat(busA.health().getStatus()).isEqualTo(Status.UP);
    }
}
