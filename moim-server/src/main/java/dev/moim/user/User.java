package dev.moim.user;

import java.time.Instant;
import java.util.UUID;

/** An account as stored. The password hash never leaves the server. */
public record User(long id, String email, String passwordHash, String nickname, String statusMessage,
                   Instant createdAt, Instant lastSeenAt, UUID avatarId) {
}
