package dev.moim.presence;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Presence for a single node (the embedded default): the set of open session ids per user. */
@Component
@Profile("!redis")
public class InProcessPresenceRegistry implements PresenceRegistry {

    private final Map<Long, Set<String>> sessions = new ConcurrentHashMap<>();

    @Override
    public boolean connected(long userId, String sessionId) {
        AtomicBoolean first = new AtomicBoolean();
        sessions.compute(userId, (id, open) -> {
            Set<String> set = open == null ? ConcurrentHashMap.newKeySet() : open;
            first.set(set.isEmpty());
            set.add(sessionId);
            return set;
        });
        return first.get();
    }

    @Override
    public boolean disconnected(long userId, String sessionId) {
        AtomicBoolean last = new AtomicBoolean();
        sessions.computeIfPresent(userId, (id, open) -> {
            boolean removed = open.remove(sessionId);
            last.set(removed && open.isEmpty());
            return open.isEmpty() ? null : open;
        });
        return last.get();
    }

    @Override
    public boolean isOnline(long userId) {
        return sessions.containsKey(userId);
    }

    /** The users with a session open here. */
    Set<Long> users() {
        return Set.copyOf(sessions.keySet());
    }
}
