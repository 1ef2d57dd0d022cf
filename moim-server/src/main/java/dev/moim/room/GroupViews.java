package dev.moim.room;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import dev.moim.view.JoinPolicy;
import dev.moim.view.RoomSummary;
import dev.moim.view.Sender;

/** JSON shapes of group life in REST answers: applications, bans, invite links and the directory. */
public final class GroupViews {

    private GroupViews() {
    }

    /** A pending application to a REQUEST room. */
    public record Application(long roomId, Sender user, String note, Instant createdAt) {
    }

    public record Ban(Sender user, Sender bannedBy, Instant createdAt) {
    }

    /** {@code maxUses} null: no limit. {@code url} is moim.groups.invite-url-prefix followed by the code. */
    public record InviteLink(String code, String url, long roomId, Instant expiresAt, Integer maxUses, int uses,
                             Sender createdBy, Instant createdAt) {
    }

    /**
     * A room as someone outside it may see it (the directory, an invite link): its public settings, and whether the
     * caller is in it already or has applied.
     */
    public record PublicRoom(long id, String name, String description, List<String> tags, UUID coverAttachmentId,
                             JoinPolicy joinPolicy, boolean hasPassword, int memberCount, Integer memberLimit,
                             Instant lastActivityAt, boolean member, boolean applied) {
    }

    /** {@code nextCursor}: pass it as {@code cursor} for the next page; null on the last one. */
    public record DirectoryPage(List<PublicRoom> rooms, String nextCursor) {
    }

    /** What an invite link shows before it is accepted. */
    public record InvitePreview(String code, Instant expiresAt, Integer maxUses, int uses, PublicRoom room) {
    }

    /**
     * What accepting an invite link did: {@code result} JOINED (with the room, as "my rooms" shows it) or APPLIED (a
     * REQUEST room: with the application, which its owner or a manager answers).
     */
    public record Accepted(String result, RoomSummary room, Application application) {
    }
}
