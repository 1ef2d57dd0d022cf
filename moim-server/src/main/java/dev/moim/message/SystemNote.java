package dev.moim.message;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a SYSTEM message records, so clients can render it in their own language:
 * {@code event} is CREATED, JOINED, LEFT, KICKED or OWNER_CHANGED; {@code actorId} did it to {@code userIds}.
 */
public record SystemNote(String event, Long actorId, List<Long> userIds) {

    /** Stored as {@code EVENT;actor;id,id} in the message's meta column. */
    String encode() {
        return event + ";" + (actorId == null ? "" : actorId) + ";"
                + userIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    static SystemNote decode(String meta) {
        if (meta == null) {
            return null;
        }
        String[] parts = meta.split(";", -1);
        Long actor = parts[1].isEmpty() ? null : Long.valueOf(parts[1]);
        List<Long> users = parts[2].isEmpty() ? List.of() : Arrays.stream(parts[2].split(",")).map(Long::valueOf).toList();
        return new SystemNote(parts[0], actor, users);
    }
}
