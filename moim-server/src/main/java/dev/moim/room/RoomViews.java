package dev.moim.room;

import java.time.Instant;
import java.util.UUID;

/** JSON shapes of rooms seen only in REST answers (those also in live events are in {@code view}). */
public final class RoomViews {

    private RoomViews() {
    }

    /** A member in a room's member list; {@code role} is OWNER, MANAGER or MEMBER. */
    public record Member(long id, String nickname, String statusMessage, boolean online, Instant lastSeenAt,
                         boolean owner, Instant joinedAt, long lastReadSeq, UUID avatarId, String role) {
    }
}
