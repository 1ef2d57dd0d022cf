package dev.moim.room;

import java.time.Instant;

import dev.moim.message.MessageView;

/** JSON shapes of rooms. */
public final class RoomViews {

    private RoomViews() {
    }

    /**
     * A room in "my rooms". {@code unreadCount} is the room's last seq minus the caller's read seq.
     * DIRECT rooms have no name; {@code peer} is the other person.
     */
    public record Summary(long id, RoomType type, String name, Long ownerId, Integer memberLimit, int memberCount,
                          long lastSeq, long lastReadSeq, long unreadCount, Instant lastActivityAt,
                          MessageView lastMessage, Peer peer) {
    }

    public record Peer(long id, String nickname, boolean online) {
    }

    public record Member(long id, String nickname, String statusMessage, boolean online, Instant lastSeenAt,
                         boolean owner, Instant joinedAt, long lastReadSeq) {
    }
}
