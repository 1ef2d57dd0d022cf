package dev.moim.room;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.Times;
import dev.moim.user.UserDirectory;
import dev.moim.user.UserStore;
import dev.moim.view.SystemNote;
import org.springframework.stereotype.Service;

/**
 * Who runs a GROUP and who is kept out of it. The owner makes and unmakes managers; the owner and managers ban (which
 * removes the person if they are in) and lift bans. A manager acts on members only, the owner on anyone but
 * themselves. Each change runs in a room writer task under the room's lock; a change of managers is a members event
 * (manager_added, manager_removed) with a SYSTEM message, so every node reloads the room and every member sees it.
 */
@Service
public class RoomModeration {

    private final RoomDirectory directory;
    private final RoomWriter writer;
    private final RoomService rooms;
    private final RoomStore store;
    private final GroupStore groups;
    private final UserStore userStore;
    private final UserDirectory users;

    public RoomModeration(RoomDirectory directory, RoomWriter writer, RoomService rooms, RoomStore store, GroupStore groups,
                          UserStore userStore, UserDirectory users) {
        this.directory = directory;
        this.writer = writer;
        this.rooms = rooms;
        this.store = store;
        this.groups = groups;
        this.userStore = userStore;
        this.users = users;
    }

    /** The owner makes a member a manager; asking again changes nothing. */
    public CompletableFuture<Void> addManager(long userId, long roomId, long targetId) {
        return setManager(userId, roomId, targetId, true);
    }

    /** The owner makes a manager a plain member again; asking again changes nothing. */
    public CompletableFuture<Void> removeManager(long userId, long roomId, long targetId) {
        return setManager(userId, roomId, targetId, false);
    }

    private CompletableFuture<Void> setManager(long userId, long roomId, long targetId, boolean manager) {
        return writer.run(outbox -> {
            RoomState room = RoomService.requireOwner(userId, writer.lockRoom(outbox, roomId));
            if (room.isOwner(targetId)) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "The owner can do all a manager can already");
            }
            if (!room.isMember(targetId)) {
                throw new MoimException(ErrorCode.NOT_A_MEMBER, "User " + targetId + " is not a member of room " + roomId);
            }
            if (room.isManager(targetId) == manager) {
                return null;
            }
            long lastSeq = room.lastSeq();
            store.setManager(roomId, targetId, manager);
            RoomService.changed(outbox, roomId, manager ? "manager_added" : "manager_removed", List.of(targetId), room.ownerId());
            rooms.actorHasRead(outbox, room, userId, lastSeq);
            ChatMessage note = writer.appendSystem(roomId,
                    SystemNote.of(manager ? "MANAGER_ADDED" : "MANAGER_REMOVED", userId, List.of(targetId)),
                    rooms.nickname(targetId) + (manager ? " is now a manager" : " is no longer a manager"), outbox);
            store.markRead(roomId, userId, note.seq());
            return null;
        });
    }

    /**
     * Bans someone from the room: a member is removed (SYSTEM message BANNED, room_removed with reason banned), any
     * application of theirs is dropped, and no way in (link, directory, application, invitation) works for them until
     * the ban is lifted. Banning someone banned already changes nothing.
     */
    public CompletableFuture<Void> ban(long userId, long roomId, long targetId) {
        if (targetId == userId) {
            throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "You cannot ban yourself; to leave the room, use leave");
        }
        if (userStore.findAll(List.of(targetId)).isEmpty()) {
            throw new MoimException(ErrorCode.USER_NOT_FOUND, "User " + targetId + " does not exist");
        }
        return writer.run(outbox -> {
            RoomState room = RoomService.requireManager(userId, writer.lockRoom(outbox, roomId));
            RoomService.requireAbove(room, userId, targetId, "ban");
            groups.insertBan(roomId, targetId, userId, Times.now());
            groups.deleteApplication(roomId, targetId);
            if (room.isMember(targetId)) {
                rooms.remove(outbox, room, userId, targetId, "BANNED", "banned", "banned");
            }
            return null;
        });
    }

    /** Lifts a ban: the person may come back the usual ways (they are not put back). */
    public CompletableFuture<Void> unban(long userId, long roomId, long targetId) {
        return writer.run(outbox -> {
            RoomService.requireManager(userId, writer.lockRoom(outbox, roomId));
            if (!groups.deleteBan(roomId, targetId)) {
                throw new MoimException(ErrorCode.BAN_NOT_FOUND, "User " + targetId + " is not banned from room " + roomId);
            }
            return null;
        });
    }

    /** Newest first; for the owner and managers. */
    public List<GroupViews.Ban> bans(long userId, long roomId) {
        RoomService.requireManager(userId, directory.committed(roomId));
        return groups.bans(roomId).stream()
                .map(b -> new GroupViews.Ban(users.sender(b.userId()), b.bannedBy() == null ? null : users.sender(b.bannedBy()),
                        b.createdAt()))
                .toList();
    }
}
