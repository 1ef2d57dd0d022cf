package dev.moim.presence;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

import dev.moim.config.MoimProperties;
import dev.moim.config.RedisClients;
import dev.moim.support.EmbeddedRedis;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Presence across nodes, against a real redis-server. Heartbeats are fast here (every 100 ms, a node silent for
 * 600 ms is dead) so that a node's death is seen in about a second.
 */
class RedisPresenceRegistryTest extends PresenceRegistryContract {

    private static final EmbeddedRedis REDIS = new EmbeddedRedis();
    private static final MoimProperties FAST = new MoimProperties(null, null, null, null, null, null, null,
            new MoimProperties.Cluster(Duration.ofMillis(100), Duration.ofMillis(600), Duration.ofSeconds(1)), null, null,
            null, null, null, null, null, null, null, null);

    private final List<RedisPresenceRegistry> nodes = new ArrayList<>();
    private final List<RedisClient> clients = new ArrayList<>();
    /** What each node's lost-users hook was handed, in order, as "node: users". */
    private final List<String> lost = java.util.Collections.synchronizedList(new ArrayList<>());

    @AfterAll
    static void stopRedis() {
        REDIS.close();
    }

    @AfterEach
    void stopNodes() {
        for (RedisPresenceRegistry node : nodes) {
            try {
                node.stop();
            } catch (RuntimeException alreadyHalted) {
                // A halted node has closed its connections already.
            }
        }
        clients.forEach(RedisClient::shutdown);
        // Nodes of one test must not be seen by the next.
        try (RedisClient client = RedisClients.create(REDIS.url()); var connection = client.connect()) {
            connection.sync().flushall();
        }
    }

    @Override
    protected RedisPresenceRegistry newNode() {
        RedisClient client = RedisClients.create(REDIS.url());
        clients.add(client);
        RedisPresenceRegistry node = new RedisPresenceRegistry(client, FAST);
        String name = "node" + nodes.size();
        node.whenUsersLost((Collection<Long> users) -> lost.add(name + ": " + users));
        nodes.add(node);
        return node;
    }

    private static void eventually(Runnable check) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).untilAsserted(check::run);
    }

    @Test
    void aUserOnlineOnOneNodeIsOnlineOnEveryNodeUntilTheirLastSessionAnywhereCloses() {
        RedisPresenceRegistry a = newNode();
        RedisPresenceRegistry b = newNode();
        eventually(() -> assertThat(b.knownNodes()).contains(a.node()));

        assertThat(a.connected(7, "phone")).isTrue();
        eventually(() -> assertThat(b.isOnline(7)).isTrue());
        assertThat(b.connected(7, "laptop")).as("already online through node a").isFalse();
        eventually(() -> assertThat(a.isOnline(7)).isTrue());

        // The phone goes: node a may announce offline only if, after the grace, no node holds the user.
        assertThat(a.disconnected(7, "phone")).isTrue();
        assertThat(a.isOnline(7)).as("still on the laptop, through node b").isTrue();

        assertThat(b.disconnected(7, "laptop")).isTrue();
        eventually(() -> {
            assertThat(a.isOnline(7)).isFalse();
            assertThat(b.isOnline(7)).isFalse();
        });
        assertThat(lost).isEmpty();
    }

    @Test
    void theUsersOfANodeThatDiesAreLostOnceAndOnlyThoseWithNoOtherSession() {
        RedisPresenceRegistry a = newNode();
        RedisPresenceRegistry b = newNode();
        RedisPresenceRegistry c = newNode();
        a.connected(8, "s1");
        a.connected(9, "s2");
        b.connected(9, "s3");
        eventually(() -> {
            assertThat(b.isOnline(8)).isTrue();
            assertThat(c.isOnline(8)).isTrue();
        });

        a.halt();

        eventually(() -> {
            assertThat(b.knownNodes()).doesNotContain(a.node());
            assertThat(c.knownNodes()).doesNotContain(a.node());
        });
        assertThat(b.isOnline(8)).isFalse();
        assertThat(c.isOnline(8)).isFalse();
        assertThat(c.isOnline(9)).as("still connected to node b").isTrue();
        // The node with the smallest id hands the lost users over, in the beat in which it dropped the dead node.
        String announcer = b.node().compareTo(c.node()) < 0 ? "node1" : "node2";
        assertThat(lost).containsExactly(announcer + ": " + Set.of(8L));
    }

    @Test
    void aRedisRestartLosesNobody() {
        RedisPresenceRegistry a = newNode();
        RedisPresenceRegistry b = newNode();
        a.connected(5, "s1");
        eventually(() -> assertThat(b.isOnline(5)).isTrue());

        REDIS.stop();
        REDIS.start();

        // Both nodes write themselves back within a beat or two; until then no one is taken for dead.
        eventually(() -> assertThat(b.knownNodes()).contains(a.node()));
        b.connected(6, "s2");
        eventually(() -> assertThat(a.isOnline(6)).isTrue());
        assertThat(b.isOnline(5)).isTrue();
        assertThat(lost).isEmpty();
    }
}
