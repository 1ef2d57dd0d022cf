package dev.moim.view;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a SYSTEM message records, so clients can render it in their own language:
 * {@code event} is CREATED, JOINED, LEFT, KICKED, OWNER_CHANGED, NOTICE_PINNED, BANNED, MANAGER_ADDED,
 * MANAGER_REMOVED, RENAMED, DUES_DUE (a dues period fell due; no actor; userIds: who has not paid) or EXPENSE (an
 * expense from the group account; userIds: who spent it); {@code actorId} did it to {@code userIds} (JOINED by one's own act, e.g. from the
 * directory or a link, or once approved: the actor is the one who joined). A note names at most {@link #NAMED}
 * people and counts the rest in {@code moreUsers}, so that it stays the same size whether ten people or a thousand
 * joined. {@code seq} names the message a note is about (the one NOTICE_PINNED pinned), null for the others.
 */
public record SystemNote(String event, Long actorId, List<Long> userIds, int moreUsers, Long seq) {

    public static final int NAMED = 20;

    public SystemNote(String event, Long actorId, List<Long> userIds, int moreUsers) {
        this(event, actorId, userIds, moreUsers, null);
    }

    /** The note about the message at {@code seq}, which {@code actorId} acted on. */
    public static SystemNote about(String event, long actorId, long seq) {
        return new SystemNote(event, actorId, List.of(), 0, seq);
    }

    /** The note about {@code users}: the first {@link #NAMED} by id, the others counted. */
    public static SystemNote of(String event, Long actorId, List<Long> users) {
        List<Long> named = users.size() <= NAMED ? List.copyOf(users) : List.copyOf(users.subList(0, NAMED));
        return new SystemNote(event, actorId, named, users.size() - named.size());
    }

    /**
     * Stored as {@code EVENT;actor;id,id;more;seq} in the message's meta column (no {@code ;more} when nobody more
     * and no seq, no {@code ;seq} without one).
     */
    public String encode() {
        return event + ";" + (actorId == null ? "" : actorId) + ";"
                + userIds.stream().map(String::valueOf).collect(Collectors.joining(","))
                + (moreUsers > 0 || seq != null ? ";" + moreUsers : "")
                + (seq != null ? ";" + seq : "");
    }

    public static SystemNote decode(String meta) {
        if (meta == null) {
            return null;
        }
        String[] parts = meta.split(";", -1);
        Long actor = parts[1].isEmpty() ? null : Long.valueOf(parts[1]);
        List<Long> users = parts[2].isEmpty() ? List.of() : Arrays.stream(parts[2].split(",")).map(Long::valueOf).toList();
        int more = parts.length > 3 ? Integer.parseInt(parts[3]) : 0;
        Long seq = parts.length > 4 ? Long.valueOf(parts[4]) : null;
        return new SystemNote(parts[0], actor, users, more, seq);
    }
}
