package dev.moim.room;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.moim.bus.RoomEvent;
import dev.moim.bus.UserEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.presence.PresenceService;
import dev.moim.user.User;
import dev.moim.user.PeerBlocks;
import dev.moim.user.UserDirectory;
import dev.moim.user.UserStore;
import dev.moim.view.RoomSettings;
import dev.moim.view.RoomSummary;
import dev.moim.view.RoomType;
import dev.moim.view.Sender;
import dev.moim.view.SystemNote;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Rooms and their membership. Every change runs on the {@link RoomWriter}, so it is ordered with the messages
 * of the room, writes its SYSTEM message in the same transaction and is announced live after the commit.
 */
@Service
public class RoomService {

    private final RoomStore store;
    private final RoomDirectory directory;
    private final RoomWriter writer;
    private final UserStore users;
    private final UserDirectory userDirectory;
    private final MessageStore messages;
    private final MessageViews messageViews;
    private final NoticeStore notices;
    private final PresenceService presence;
    private final PeerBlocks blocks;
    private final RateLimits rateLimits;
    private final GroupStore groups;
    private final int maxMembers;

    public RoomService(RoomStore store, RoomDirectory directory, RoomWriter writer, UserStore users,
                       UserDirectory userDirectory, MessageStore messages, MessageViews messageViews, NoticeStore notices,
                       PresenceService presence, PeerBlocks blocks, RateLimits rateLimits, GroupStore groups,
                       MoimProperties properties) {
        this.notices = notices;
        this.blocks = blocks;
        this.groups = groups;
        this.store = store;
        this.directory = directory;
        this.writer = writer;
        this.users = users;
        this.userDirectory = userDirectory;
        this.messages = messages;
        this.messageViews = messageViews;
        this.presence = presence;
        this.rateLimits = rateLimits;
        this.maxMembers = properties.rooms().maxMembers();
    }

    public record Created(RoomSummary room, boolean created) {
    }

    public CompletableFuture<Created> create(long userId, RoomRequests.Create request) {
        List<Long> others = others(userId, request.memberIds());
        return switch (request.type()) {
            case DIRECT -> createDirect(userId, others);
            case GROUP -> createGroup(userId, request, others);
        };
    }

    /** One DIRECT room per pair: asking again returns the existing one. */
    private CompletableFuture<Created> createDirect(long userId, List<Long> others) {
        if (others.size() != 1) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "A DIRECT room needs exactly one other member");
        }
        long peer = others.getFirst();
        requireUsers(List.of(peer));
        notBlockedBy(List.of(peer), userId, "You cannot start a conversation with this person");
        String key = Math.min(userId, peer) + ":" + Math.max(userId, peer);
        var existing = store.findDirect(key);
        if (existing.isPresent()) {
            return CompletableFuture.completedFuture(new Created(summary(userId, existing.get()), false));
        }
        rateLimits.checkMemberAdds(userId, 2);
        return writer.run(outbox -> {
            // Writes on this node run one at a time, so this second look settles a double request here.
            Optional<Long> raced = store.findDirect(key);
            if (raced.isPresent()) {
                return new DirectRoom(raced.get(), false);
            }
            long roomId = store.insertRoom(RoomType.DIRECT, null, null, null, key, Times.now());
            store.insertMembers(roomId, List.of(userId, peer), 0, Times.now());
            changed(outbox, roomId, "joined", List.of(userId, peer), null);
            announceNewRoom(outbox, roomId, List.of(userId, peer));
            return new DirectRoom(roomId, true);
        }).handle((direct, error) -> {
            if (error != null) {
                // Another node created the pair's room first: its unique key refused ours, and theirs stands.
                if (error.getCause() instanceof DuplicateKeyException || error instanceof DuplicateKeyException) {
                    return new Created(summary(userId, store.findDirect(key).orElseThrow()), false);
                }
                throw error instanceof RuntimeException runtime ? runtime : new IllegalStateException(error);
            }
            return new Created(summary(userId, direct.roomId()), direct.created());
        });
    }

    private record DirectRoom(long roomId, boolean created) {
    }

    private CompletableFuture<Created> createGroup(long userId, RoomRequests.Create request, List<Long> others) {
        String name = request.name() == null ? "" : request.name().strip();
        if (name.isEmpty()) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "A GROUP room needs a name");
        }
        Integer limit = request.memberLimit();
        if (limit != null && (limit < 2 || limit > maxMembers)) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "memberLimit must be between 2 and " + maxMembers);
        }
        int cap = limit == null ? maxMembers : limit;
        if (others.size() + 1 > cap) {
            throw new MoimException(ErrorCode.ROOM_FULL, "At most " + cap + " members fit in this room");
        }
        requireUsers(others);
        notBlockedBy(others, userId, "You cannot add one of these people to a room");
        rateLimits.checkMemberAdds(userId, others.size() + 1);
        return writer.run(outbox -> {
            Instant now = Times.now();
            long roomId = store.insertRoom(RoomType.GROUP, name, userId, limit, null, now);
            List<Long> all = new ArrayList<>();
            all.add(userId);
            all.addAll(others);
            store.insertMembers(roomId, all, 0, now);
            changed(outbox, roomId, "joined", all, userId);
            ChatMessage created = writer.appendSystem(roomId, SystemNote.of("CREATED", userId, others),
                    nickname(userId) + " created " + name + names(others, " with "), outbox);
            store.markRead(roomId, userId, created.seq());
            announceNewRoom(outbox, roomId, all);
            return roomId;
        }).thenApply(roomId -> new Created(summary(userId, roomId), true));
    }

    /**
     * Tells each member's sessions about the room; follows the "joined" event, which refreshes the directory. The
     * room's last message and activity are read once for all of them, not once per member.
     */
    void announceNewRoom(Outbox outbox, long roomId, List<Long> members) {
        Supplier<RoomSnapshot> room = snapshotOnce(roomId);
        for (long member : members) {
            outbox.user(member, () -> new UserEvent.RoomAdded(room.get().summaryFor(member)));
        }
    }

    /** What a room summary reads from the database, the same for every member. */
    private record RoomSnapshot(RoomService rooms, RoomState room, ChatMessage last, Instant activity) {
        RoomSummary summaryFor(long userId) {
            // A notice is always from before a new member joined, so they see none.
            return rooms.summary(room, room.member(userId), last, activity, null);
        }
    }

    /**
     * Reads the snapshot on first use, after the commit (the outbox runs its suppliers then, one at a time on the
     * writer thread, so no lock is needed), and hands the same one to every later use.
     */
    private Supplier<RoomSnapshot> snapshotOnce(long roomId) {
        return new Supplier<>() {
            private RoomSnapshot snapshot;

            @Override
            public RoomSnapshot get() {
                if (snapshot == null) {
                    snapshot = new RoomSnapshot(RoomService.this, directory.room(roomId),
                            messages.lastMessages(List.of(roomId)).get(roomId), store.lastActivity(roomId).orElse(null));
                }
                return snapshot;
            }
        };
    }

    /** Any member of a group may invite; all invitees join or none does. Nobody banned from the room can be invited. */
    public CompletableFuture<Void> invite(long userId, long roomId, RoomRequests.Invite request) {
        requireGroupMember(userId, roomId);
        List<Long> invitees = others(userId, request.userIds());
        if (invitees.isEmpty()) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "userIds must name someone other than you");
        }
        requireUsers(invitees);
        notBlockedBy(invitees, userId, "You cannot invite one of these people");
        rateLimits.checkMemberAdds(userId, invitees.size());
        return writer.run(outbox -> {
            RoomState room = requireGroupMember(userId, writer.lockRoom(outbox, roomId));
            for (long invitee : invitees) {
                if (room.isMember(invitee)) {
                    throw new MoimException(ErrorCode.ALREADY_MEMBER, "User " + invitee + " is already in the room");
                }
            }
            List<Long> banned = groups.bannedAmong(roomId, invitees);
            if (!banned.isEmpty()) {
                throw new MoimException(ErrorCode.USER_BANNED, "User " + banned.getFirst() + " is banned from this room");
            }
            requireRoomFor(room, invitees.size());
            long lastSeq = room.lastSeq();
            store.insertMembers(roomId, invitees, lastSeq, Times.now());
            invitees.forEach(invitee -> groups.deleteApplication(roomId, invitee));
            changed(outbox, roomId, "joined", invitees, room.ownerId());
            actorHasRead(outbox, room, userId, lastSeq);
            ChatMessage note = writer.appendSystem(roomId, SystemNote.of("JOINED", userId, invitees),
                    nickname(userId) + " invited" + names(invitees, " "), outbox);
            store.markRead(roomId, userId, note.seq());
            announceNewRoom(outbox, roomId, invitees);
            return null;
        });
    }

    /** The owner or a manager removes a member: only the owner removes a manager, and nobody the owner. */
    public CompletableFuture<Void> kick(long userId, long roomId, long targetId) {
        return writer.run(outbox -> {
            RoomState room = requireManager(userId, writer.lockRoom(outbox, roomId));
            if (targetId == userId) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "To leave the room, use leave");
            }
            if (!room.isMember(targetId)) {
                throw new MoimException(ErrorCode.NOT_A_MEMBER, "User " + targetId + " is not a member of room " + roomId);
            }
            requireAbove(room, userId, targetId, "remove");
            remove(outbox, room, userId, targetId, "KICKED", "removed", "kicked");
            return null;
        });
    }

    /**
     * Under the room's lock: {@code actorId} takes {@code targetId} out of the room, with a SYSTEM message {@code note}
     * ("X removed Y"), and tells them why ({@code reason} of room_removed).
     */
    void remove(Outbox outbox, RoomState room, long actorId, long targetId, String note, String verb, String reason) {
        long roomId = room.id();
        long lastSeq = room.lastSeq();
        store.deleteMember(roomId, targetId);
        changed(outbox, roomId, "kicked", List.of(targetId), room.ownerId());
        actorHasRead(outbox, room, actorId, lastSeq);
        ChatMessage written = writer.appendSystem(roomId, SystemNote.of(note, actorId, List.of(targetId)),
                nickname(actorId) + " " + verb + names(List.of(targetId), " "), outbox);
        store.markRead(roomId, actorId, written.seq());
        outbox.user(targetId, () -> new UserEvent.RoomRemoved(roomId, reason));
    }

    /**
     * Under the room's lock: {@code userId} joins by their own act (from the directory, by a link, or approved), at
     * the room's last seq, with a SYSTEM message JOINED of their own, which they have read. Any application of theirs
     * to the room is done with.
     */
    void joinByThemselves(Outbox outbox, RoomState room, long userId) {
        long roomId = room.id();
        store.insertMembers(roomId, List.of(userId), room.lastSeq(), Times.now());
        groups.deleteApplication(roomId, userId);
        changed(outbox, roomId, "joined", List.of(userId), room.ownerId());
        ChatMessage note = writer.appendSystem(roomId, SystemNote.of("JOINED", userId, List.of(userId)),
                nickname(userId) + " joined", outbox);
        store.markRead(roomId, userId, note.seq());
        announceNewRoom(outbox, roomId, List.of(userId));
    }

    /** ROOM_FULL unless {@code more} members fit beside those in the room now. */
    void requireRoomFor(RoomState room, int more) {
        int cap = room.memberLimit() == null ? maxMembers : room.memberLimit();
        if (room.memberCount() + more > cap) {
            throw new MoimException(ErrorCode.ROOM_FULL, "At most " + cap + " members fit in this room");
        }
    }

    /** A manager acts on members only; the owner on anyone but themselves. */
    static void requireAbove(RoomState room, long actorId, long targetId, String what) {
        if (room.isOwner(targetId)) {
            throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "Nobody can " + what + " the room's owner");
        }
        if (room.isManager(targetId) && !room.isOwner(actorId)) {
            throw new MoimException(ErrorCode.NOT_OWNER, "Only the owner can " + what + " a manager");
        }
    }

    /**
     * Leaves a group. An owner who leaves hands the room to the longest-standing member;
     * the last member out closes it.
     */
    public CompletableFuture<Void> leave(long userId, long roomId) {
        return writer.run(outbox -> {
            RoomState room = requireGroupMember(userId, writer.lockRoom(outbox, roomId));
            store.deleteMember(roomId, userId);
            List<RoomState.Member> remaining = room.membersBySeniority().stream()
                    .filter(m -> m.userId() != userId).toList();
            outbox.user(userId, () -> new UserEvent.RoomRemoved(roomId, "left"));
            if (remaining.isEmpty()) {
                store.close(roomId, Times.now());
                changed(outbox, roomId, "left", List.of(userId), null);
                return null;
            }
            boolean wasOwner = room.ownerId() != null && room.ownerId() == userId;
            Long owner = wasOwner ? remaining.getFirst().userId() : room.ownerId();
            if (wasOwner) {
                store.setOwner(roomId, owner);
            }
            changed(outbox, roomId, "left", List.of(userId), owner);
            writer.appendSystem(roomId, SystemNote.of("LEFT", userId, List.of(userId)), nickname(userId) + " left", outbox);
            if (wasOwner) {
                changed(outbox, roomId, "owner_changed", List.of(owner), owner);
                writer.appendSystem(roomId, SystemNote.of("OWNER_CHANGED", userId, List.of(owner)),
                        nickname(owner) + " is now the owner", outbox);
            }
            return null;
        });
    }

    /** The owner hands the room to another member. */
    public CompletableFuture<Void> transferOwnership(long userId, long roomId, long newOwner) {
        return writer.run(outbox -> {
            RoomState room = requireOwner(userId, writer.lockRoom(outbox, roomId));
            if (newOwner == userId) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "You are the owner already");
            }
            if (!room.isMember(newOwner)) {
                throw new MoimException(ErrorCode.NOT_A_MEMBER, "User " + newOwner + " is not a member of room " + roomId);
            }
            long lastSeq = room.lastSeq();
            store.setOwner(roomId, newOwner);
            changed(outbox, roomId, "owner_changed", List.of(newOwner), newOwner);
            actorHasRead(outbox, room, userId, lastSeq);
            ChatMessage note = writer.appendSystem(roomId, SystemNote.of("OWNER_CHANGED", userId, List.of(newOwner)),
                    nickname(newOwner) + " is now the owner", outbox);
            store.markRead(roomId, userId, note.seq());
            return null;
        });
    }

    /** The GROUP rooms the user is a member of now (a withdrawal leaves each of them). */
    public List<Long> groupRoomsOf(long userId) {
        List<Long> ids = store.listFor(userId).stream().map(RoomStore.RoomRow::id).toList();
        directory.preload(ids);
        List<Long> groups = new ArrayList<>();
        for (long id : ids) {
            try {
                RoomState room = directory.room(id);
                if (room.type() == RoomType.GROUP && room.isMember(userId)) {
                    groups.add(id);
                }
            } catch (MoimException closedMeanwhile) {
                // Nothing to leave.
            }
        }
        return groups;
    }

    /** "My rooms", most recently active first. */
    public List<RoomSummary> list(long userId) {
        List<RoomStore.RoomRow> rows = store.listFor(userId);
        List<Long> ids = rows.stream().map(RoomStore.RoomRow::id).toList();
        directory.preload(ids);
        Map<Long, ChatMessage> last = messages.lastMessages(ids);
        Map<Long, NoticeStore.Pinned> pinned = notices.findAll(ids);
        List<RoomSummary> result = new ArrayList<>(rows.size());
        for (RoomStore.RoomRow row : rows) {
            RoomState room;
            try {
                room = directory.room(row.id());
            } catch (MoimException closedMeanwhile) {
                continue;
            }
            RoomState.Member me = room.member(userId);
            if (me != null) {
                result.add(summary(room, me, last.get(row.id()), row.lastActivityAt(), pinned.get(row.id())));
            }
        }
        return result;
    }

    public RoomSummary get(long userId, long roomId) {
        directory.member(roomId, userId);
        return summary(userId, roomId);
    }

    public List<RoomViews.Member> members(long userId, long roomId) {
        directory.member(roomId, userId);
        RoomState room = directory.room(roomId);
        Map<Long, User> byId = users.findAll(room.members().stream().map(RoomState.Member::userId).toList()).stream()
                .collect(Collectors.toMap(User::id, Function.identity()));
        List<RoomViews.Member> result = new ArrayList<>();
        for (RoomState.Member m : room.membersBySeniority()) {
            User u = byId.get(m.userId());
            if (u != null) {
                boolean hidden = blocks.blocks(u.id(), userId);
                result.add(new RoomViews.Member(u.id(), u.nickname(), u.statusMessage(), onlineFor(u.id(), userId),
                        hidden ? null : u.lastSeenAt(), room.isOwner(u.id()), m.joinedAt(), m.lastReadSeq(),
                        u.avatarId(), room.roleOf(u.id())));
            }
        }
        return result;
    }

    RoomSummary summary(long userId, long roomId) {
        RoomState room = directory.room(roomId);
        RoomState.Member me = directory.member(roomId, userId);
        ChatMessage last = messages.lastMessages(List.of(roomId)).get(roomId);
        Instant activity = store.lastActivity(roomId).orElse(null);
        return summary(room, me, last, activity, notices.find(roomId).orElse(null));
    }

    private RoomSummary summary(RoomState room, RoomState.Member me, ChatMessage last, Instant activity,
                                NoticeStore.Pinned pinned) {
        RoomSummary.Peer peer = null;
        if (room.type() == RoomType.DIRECT) {
            peer = room.members().stream().filter(m -> m.userId() != me.userId()).findFirst()
                    .map(m -> {
                        Sender sender = userDirectory.sender(m.userId());
                        return new RoomSummary.Peer(m.userId(), sender.nickname(), onlineFor(m.userId(), me.userId()),
                                sender.avatarId());
                    })
                    .orElse(null);
        }
        // A member sees nothing from before they joined, not even as a preview.
        var lastMessage = last != null && last.seq() > me.joinedSeq()
                ? messageViews.view(last, room).seenFrom(me.joinedSeq()) : null;
        var notice = pinned != null && pinned.message().seq() > me.joinedSeq() ? messageViews.notice(pinned) : null;
        long lastRead = me.lastReadSeq();
        boolean group = room.type() == RoomType.GROUP;
        RoomSettings settings = room.settings();
        return new RoomSummary(room.id(), room.type(), room.name(), room.ownerId(), room.memberLimit(),
                room.memberCount(), room.lastSeq(), lastRead, Math.max(0, room.lastSeq() - lastRead), activity,
                lastMessage, peer, group ? settings.joinPolicy() : null, settings.description(), settings.tags(),
                settings.coverAttachmentId(), settings.hasPassword(), room.managerIds(), room.roleOf(me.userId()), notice);
    }

    /**
     * A member who changes the room has read it, as a sender has: their position moves to their own SYSTEM
     * message (the caller stores that). Readers are told of everything before it, published ahead of the
     * message itself, whose unread count already leaves the actor out.
     */
    void actorHasRead(Outbox outbox, RoomState room, long userId, long lastSeqBefore) {
        long from = room.member(userId).lastReadSeq();
        if (lastSeqBefore > from) {
            outbox.room(room.id(), () -> new RoomEvent.ReadEvent(room.id(), userId, from, lastSeqBefore));
        }
    }

    static void changed(Outbox outbox, long roomId, String change, List<Long> userIds, Long ownerId) {
        outbox.room(roomId, () -> new RoomEvent.MembersEvent(roomId, change, userIds, ownerId));
    }

    /**
     * Someone who blocked the caller cannot be put into a room by them. The refusal does not say why, so the caller
     * is not told they are blocked.
     */
    private void notBlockedBy(List<Long> people, long userId, String refusal) {
        for (long person : people) {
            if (blocks.blocks(person, userId)) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, refusal);
            }
        }
    }

    /** Online and last seen, unless the person blocked the viewer, who then sees them as offline. */
    private boolean onlineFor(long userId, long viewer) {
        return presence.isOnline(userId) && !blocks.blocks(userId, viewer);
    }

    private RoomState requireGroupMember(long userId, long roomId) {
        return requireGroupMember(userId, directory.room(roomId));
    }

    static RoomState requireGroupMember(long userId, RoomState room) {
        if (!room.isMember(userId)) {
            throw new MoimException(ErrorCode.NOT_A_MEMBER, "You are not a member of room " + room.id());
        }
        if (room.type() != RoomType.GROUP) {
            throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "Direct rooms always have exactly their two people");
        }
        return room;
    }

    static RoomState requireOwner(long userId, RoomState locked) {
        RoomState room = requireGroupMember(userId, locked);
        if (room.ownerId() == null || room.ownerId() != userId) {
            throw new MoimException(ErrorCode.NOT_OWNER, "Only the room's owner can do this");
        }
        return room;
    }

    /** The owner or a manager of the group. */
    static RoomState requireManager(long userId, RoomState locked) {
        RoomState room = requireGroupMember(userId, locked);
        if (!room.canManage(userId)) {
            throw new MoimException(ErrorCode.NOT_MANAGER, "Only the room's owner or a manager can do this");
        }
        return room;
    }

    /** Live accounts only: nobody can bring a withdrawn account into a room. */
    private void requireUsers(List<Long> ids) {
        Set<Long> found = users.findAll(ids).stream().filter(u -> !u.deleted()).map(User::id).collect(Collectors.toSet());
        for (long id : ids) {
            if (!found.contains(id)) {
                throw new MoimException(ErrorCode.USER_NOT_FOUND, "User " + id + " does not exist");
            }
        }
    }

    private static List<Long> others(long userId, List<Long> ids) {
        if (ids == null) {
            return List.of();
        }
        Set<Long> distinct = new LinkedHashSet<>();
        for (Long id : ids) {
            if (id == null) {
                throw new MoimException(ErrorCode.VALIDATION_FAILED, "User ids must not be null");
            }
            if (id != userId) {
                distinct.add(id);
            }
        }
        return List.copyOf(distinct);
    }

    String nickname(long userId) {
        return userDirectory.sender(userId).nickname();
    }

    /** The first {@link SystemNote#NAMED} nicknames and how many more: a sentence that does not grow with the room. */
    String names(List<Long> userIds, String prefix) {
        if (userIds.isEmpty()) {
            return "";
        }
        String named = userIds.stream().limit(SystemNote.NAMED).map(this::nickname).collect(Collectors.joining(", "));
        int more = userIds.size() - Math.min(userIds.size(), SystemNote.NAMED);
        return prefix + named + (more > 0 ? " and " + more + " more" : "");
    }
}
