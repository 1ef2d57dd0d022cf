package dev.moim.presence;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.moim.config.MoimProperties;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/**
 * Presence across the nodes of a cluster. Each node keeps its own sessions in memory and a copy of which users
 * every other node holds, so {@link #isOnline} never waits for Redis. Redis holds the truth the copies are
 * rebuilt from:
 * <ul>
 *   <li>{@code moim:presence:nodes}, a sorted set of node ids scored by their last heartbeat;</li>
 *   <li>{@code moim:presence:node:{id}}, the users a node holds, expiring unless its node keeps beating;</li>
 *   <li>channel {@code moim:presence}, where a node says {@code +node user} and {@code -node user} as its users
 *       come and go.</li>
 * </ul>
 * Every heartbeat a node renews its own entries (writing them again if Redis lost them in a restart), drops the
 * nodes silent for longer than {@code moim.cluster.node-timeout}, and reads any node it does not know yet. The
 * users of a dropped node that no other node holds are lost: the live node with the smallest id hands them to the
 * presence service, which announces them offline once.
 */
@Component
@Profile("redis")
public class RedisPresenceRegistry implements PresenceRegistry {

    private static final Logger log = LoggerFactory.getLogger(RedisPresenceRegistry.class);
    static final String NODES = "moim:presence:nodes";
    static final String NODE_USERS = "moim:presence:node:";
    static final String CHANNEL = "moim:presence";

    private final String node = UUID.randomUUID().toString();
    private final InProcessPresenceRegistry local = new InProcessPresenceRegistry();
    /** Other nodes and the users each holds, as this node last heard. */
    private final Map<String, Set<Long>> remote = new ConcurrentHashMap<>();
    /** Until then no node is taken for dead: Redis was just out of reach or lost its data (beat thread only). */
    private long graceUntil;
    private boolean beaten;
    private boolean lastBeatFailed;
    private final Duration nodeTimeout;
    private final StatefulRedisConnection<String, String> redis;
    private final StatefulRedisPubSubConnection<String, String> changes;
    private final ScheduledExecutorService beats;
    private volatile Consumer<Collection<Long>> lost = users -> {
    };

    public RedisPresenceRegistry(RedisClient client, MoimProperties properties) {
        this.nodeTimeout = properties.cluster().nodeTimeout();
        this.redis = client.connect();
        this.changes = client.connectPubSub();
        changes.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                heard(message);
            }
        });
        changes.sync().subscribe(CHANNEL);
        this.beats = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("moim-presence-beat").daemon(true).factory());
        beat();
        long every = properties.cluster().heartbeat().toMillis();
        beats.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean connected(long userId, String sessionId) {
        if (!local.connected(userId, sessionId)) {
            return false;
        }
        tell('+', userId);
        return !elsewhere(userId);
    }

    @Override
    public boolean disconnected(long userId, String sessionId) {
        if (!local.disconnected(userId, sessionId)) {
            return false;
        }
        tell('-', userId);
        return true;
    }

    @Override
    public boolean isOnline(long userId) {
        return local.isOnline(userId) || elsewhere(userId);
    }

    @Override
    public void whenUsersLost(Consumer<Collection<Long>> lost) {
        this.lost = lost;
    }

    /** This node's id in Redis (random per start). */
    public String node() {
        return node;
    }

    private boolean elsewhere(long userId) {
        for (Set<Long> users : remote.values()) {
            if (users.contains(userId)) {
                return true;
            }
        }
        return false;
    }

    /** Records a change of this node's users in Redis and tells the other nodes; a failure is mended by the next beat. */
    private void tell(char change, long userId) {
        String user = Long.toString(userId);
        try {
            var async = redis.async();
            if (change == '+') {
                async.sadd(NODE_USERS + node, user);
            } else {
                async.srem(NODE_USERS + node, user);
            }
            async.publish(CHANNEL, change + node + " " + user);
        } catch (RuntimeException e) {
            log.warn("Presence change of user {} not sent to Redis yet: {}", userId, e.toString());
        }
    }

    private void heard(String message) {
        int space = message.indexOf(' ');
        if (message.length() < 3 || space < 2) {
            return;
        }
        String from = message.substring(1, space);
        if (from.equals(node)) {
            return;
        }
        long userId;
        try {
            userId = Long.parseLong(message.substring(space + 1));
        } catch (NumberFormatException e) {
            return;
        }
        if (message.charAt(0) == '+') {
            remote.computeIfAbsent(from, id -> ConcurrentHashMap.newKeySet()).add(userId);
        } else {
            Set<Long> users = remote.get(from);
            if (users != null) {
                users.remove(userId);
            }
        }
    }

    /** Renews this node's entries, forgets the nodes that went silent and learns the ones that appeared. */
    private void beat() {
        try {
            RedisCommands<String, String> sync = redis.sync();
            long now = System.currentTimeMillis();
            boolean rejoined = sync.zadd(NODES, now, node) == 1 && beaten;
            beaten = true;
            if (rejoined || lastBeatFailed) {
                // Redis was out of reach, or restarted empty (this node was missing from it): give every node a
                // full timeout to be heard again before taking any for dead.
                graceUntil = now + nodeTimeout.toMillis();
                lastBeatFailed = false;
            }
            String mine = NODE_USERS + node;
            Set<Long> here = local.users();
            if (!here.isEmpty()) {
                // Written again each beat: after a Redis restart the set is gone, and this puts it back.
                sync.sadd(mine, here.stream().map(String::valueOf).toArray(String[]::new));
            }
            sync.pexpire(mine, nodeTimeout.toMillis());
            sync.zremrangebyscore(NODES, Range.create(0, now - nodeTimeout.toMillis()));
            List<String> alive = sync.zrange(NODES, 0, -1);
            for (String other : alive) {
                if (!other.equals(node)) {
                    Set<Long> users = ConcurrentHashMap.newKeySet();
                    sync.smembers(NODE_USERS + other).forEach(user -> users.add(Long.parseLong(user)));
                    remote.put(other, users);
                }
            }
            Set<Long> orphaned = new HashSet<>();
            for (String other : Set.copyOf(remote.keySet())) {
                if (!alive.contains(other) && now >= graceUntil) {
                    orphaned.addAll(remote.remove(other));
                }
            }
            orphaned.removeIf(this::isOnline);
            if (!orphaned.isEmpty() && alive.stream().sorted().findFirst().filter(node::equals).isPresent()) {
                log.info("{} users went offline with a node that stopped", orphaned.size());
                lost.accept(Set.copyOf(orphaned));
            }
        } catch (RuntimeException e) {
            lastBeatFailed = true;
            log.warn("Presence heartbeat to Redis failed: {}", e.toString());
        }
    }

    /** The other nodes this node knows of. */
    Set<String> knownNodes() {
        return Set.copyOf(remote.keySet());
    }

    /** Stops as a node that dies would: no heartbeat, no goodbye. For tests of a node's death. */
    void halt() {
        beats.shutdownNow();
        changes.close();
        redis.close();
    }

    @PreDestroy
    void stop() {
        beats.shutdownNow();
        try {
            // Leaving cleanly: the other nodes forget this one at their next beat, without waiting for its timeout.
            redis.sync().zrem(NODES, node);
            redis.sync().del(NODE_USERS + node);
        } catch (RuntimeException e) {
            log.warn("Could not say goodbye to Redis: {}", e.toString());
        }
        changes.close();
        redis.close();
    }
}
