package dev.moim.view;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A room in "my rooms", as one member sees it. {@code unreadCount} is the room's last seq minus the member's
 * read seq. DIRECT rooms have no name; {@code peer} is the other person. A GROUP's settings follow: its
 * {@code joinPolicy} (null for DIRECT), {@code description}, {@code tags}, {@code coverAttachmentId} (download it at
 * {@code /api/v1/rooms/{id}/cover}), whether it has a password, its managers, and {@code myRole} (OWNER, MANAGER or
 * MEMBER). {@code notice} is the pinned notice, or null when there is none the member may see (it is from before
 * they joined).
 */
public record RoomSummary(long id, RoomType type, String name, Long ownerId, Integer memberLimit, int memberCount,
                          long lastSeq, long lastReadSeq, long unreadCount, Instant lastActivityAt,
                          MessageView lastMessage, Peer peer, JoinPolicy joinPolicy, String description,
                          List<String> tags, UUID coverAttachmentId, boolean hasPassword, List<Long> managerIds,
                          String myRole, NoticeView notice) {

    public RoomSummary(long id, RoomType type, String name, Long ownerId, Integer memberLimit, int memberCount,
                       long lastSeq, long lastReadSeq, long unreadCount, Instant lastActivityAt,
                       MessageView lastMessage, Peer peer, JoinPolicy joinPolicy, String description,
                       List<String> tags, UUID coverAttachmentId, boolean hasPassword, List<Long> managerIds,
                       String myRole) {
        this(id, type, name, ownerId, memberLimit, memberCount, lastSeq, lastReadSeq, unreadCount, lastActivityAt,
                lastMessage, peer, joinPolicy, description, tags, coverAttachmentId, hasPassword, managerIds, myRole, null);
    }

    public record Peer(long id, String nickname, boolean online, UUID avatarId) {
    }
}
