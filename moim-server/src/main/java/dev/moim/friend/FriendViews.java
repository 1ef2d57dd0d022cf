package dev.moim.friend;

import java.time.Instant;
import java.util.UUID;

/** JSON shapes of friends, requests and suggestions. */
public final class FriendViews {

    private FriendViews() {
    }

    public record Person(long id, String nickname, UUID avatarId) {
    }

    public record Friend(long id, String nickname, String statusMessage, UUID avatarId, boolean online,
                         Instant lastSeenAt, Instant since) {
    }

    public record Request(Person user, Instant createdAt) {
    }

    public record Suggestion(Person user, int sharedRooms) {
    }
}
