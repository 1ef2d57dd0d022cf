package dev.moim.user;

import java.time.Instant;
import java.util.UUID;

/**
 * An account as stored. The password hash never leaves the server. A withdrawn account ({@code deletedAt} set) keeps
 * its row for its messages' sake, with no email, no password and {@link #DELETED_NICKNAME} for a nickname.
 */
public record User(long id, String email, String passwordHash, String nickname, String statusMessage,
                   Instant createdAt, Instant lastSeenAt, UUID avatarId, Instant emailVerifiedAt, Instant deletedAt) {

    /** What a withdrawn account is called wherever it still shows: as a sender, a DIRECT room's peer, a member. */
    public static final String DELETED_NICKNAME = "(탈퇴한 사용자)";

    public boolean deleted() {
        return deletedAt != null;
    }

    public boolean emailVerified() {
        return emailVerifiedAt != null;
    }
}
