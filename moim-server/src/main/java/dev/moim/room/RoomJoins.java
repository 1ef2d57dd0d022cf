package dev.moim.room;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import dev.moim.auth.PasswordHashing;
import dev.moim.bus.UserEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.InvalidField;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.common.Text;
import dev.moim.common.Times;
import dev.moim.user.UserDirectory;
import dev.moim.view.JoinPolicy;
import dev.moim.view.RoomSummary;
import dev.moim.view.RoomType;
import dev.moim.view.Sender;
import org.springframework.stereotype.Service;

/**
 * Getting into a GROUP by one's own act: joining an OPEN room, applying to a REQUEST room (and withdrawing), and the
 * owner's or a manager's answer to an application. Every rule is checked again in a room writer task that holds the
 * room's lock, so two approvals racing for the last seat cannot both win, and two managers approving one application
 * at once make one join. A room's password is checked before that, off the writer's thread (BCrypt takes tens of
 * milliseconds), and the task makes sure the hash it was checked against is still the room's.
 */
@Service
public class RoomJoins {

    static final int MAX_NOTE = 200;

    private final RoomDirectory directory;
    private final RoomWriter writer;
    private final RoomService rooms;
    private final GroupStore groups;
    private final UserDirectory users;
    private final PasswordHashing passwords;
    private final RateLimits rateLimits;
    private final RoomNotices notices;

    public RoomJoins(RoomDirectory directory, RoomWriter writer, RoomService rooms, GroupStore groups, UserDirectory users,
                     PasswordHashing passwords, RateLimits rateLimits, RoomNotices notices) {
        this.directory = directory;
        this.writer = writer;
        this.rooms = rooms;
        this.groups = groups;
        this.users = users;
        this.passwords = passwords;
        this.rateLimits = rateLimits;
        this.notices = notices;
    }

    /** Joins an OPEN room (with its password, if it has one). */
    public CompletableFuture<RoomSummary> join(long userId, long roomId, String password) {
        RoomState seen = directory.committed(roomId);
        requireWayIn(seen, userId, JoinPolicy.OPEN);
        rateLimits.checkMemberAdds(userId, 1);
        String checked = checkPassword(userId, seen, password);
        return writer.run(outbox -> {
            RoomState room = writer.lockRoom(outbox, roomId);
            requireWayIn(room, userId, JoinPolicy.OPEN);
            samePassword(room, checked);
            rooms.requireRoomFor(room, 1);
            rooms.joinByThemselves(outbox, room, userId);
            return null;
        }).thenApply(done -> rooms.summary(userId, roomId));
    }

    /** Applies to a REQUEST room with a short note (and its password, if it has one). */
    public CompletableFuture<GroupViews.Application> apply(long userId, long roomId, String note, String password) {
        String cleanNote = note(note);
        RoomState seen = directory.committed(roomId);
        requireWayIn(seen, userId, JoinPolicy.REQUEST);
        if (groups.application(roomId, userId).isPresent()) {
            throw pending(roomId);
        }
        rateLimits.checkApplication(userId);
        String checked = checkPassword(userId, seen, password);
        return writer.run(outbox -> {
            RoomState room = writer.lockRoom(outbox, roomId);
            requireWayIn(room, userId, JoinPolicy.REQUEST);
            samePassword(room, checked);
            return submit(outbox, room, userId, cleanNote);
        });
    }

    /**
     * Under the room's lock: files the application (a REQUEST room, by the directory or a link) and tells the
     * applicant's devices and the room's owner and managers, who are also notified.
     */
    GroupViews.Application submit(Outbox outbox, RoomState room, long userId, String note) {
        long roomId = room.id();
        if (groups.application(roomId, userId).isPresent()) {
            throw pending(roomId);
        }
        rooms.requireRoomFor(room, 1);
        Instant now = Times.now();
        groups.insertApplication(roomId, userId, note, now);
        Sender applicant = users.sender(userId);
        tell(outbox, room, userId, new UserEvent.ApplicationEvent("submitted", roomId, room.name(), applicant, note, now, null));
        for (long manager : managers(room)) {
            outbox.afterCommit(() -> notices.notice(manager, "JOIN_REQUEST", userId, roomId, note == null ? room.name() : note));
        }
        return new GroupViews.Application(roomId, applicant, note, now);
    }

    /** The applicant takes their application back. */
    public CompletableFuture<Void> withdraw(long userId, long roomId) {
        return writer.run(outbox -> {
            RoomState room = writer.lockRoom(outbox, roomId);
            GroupStore.Application application = groups.application(roomId, userId)
                    .orElseThrow(() -> new MoimException(ErrorCode.APPLICATION_NOT_FOUND, "You have not applied to room " + roomId));
            groups.deleteApplication(roomId, userId);
            tell(outbox, room, userId, event("withdrawn", room, application, null));
            return null;
        });
    }

    /** The room's pending applications, oldest first: for its owner and managers. */
    public List<GroupViews.Application> applications(long userId, long roomId) {
        RoomService.requireManager(userId, directory.committed(roomId));
        return groups.applications(roomId).stream()
                .map(a -> new GroupViews.Application(roomId, users.sender(a.userId()), a.note(), a.createdAt()))
                .toList();
    }

    /** The owner or a manager lets the applicant in: they join as if by themselves, and are told and notified. */
    public CompletableFuture<Void> approve(long userId, long roomId, long applicantId) {
        return writer.run(outbox -> {
            RoomState room = RoomService.requireManager(userId, writer.lockRoom(outbox, roomId));
            GroupStore.Application application = pendingApplication(roomId, applicantId);
            if (groups.isBanned(roomId, applicantId)) {
                throw new MoimException(ErrorCode.USER_BANNED, "User " + applicantId + " is banned from this room");
            }
            if (room.isMember(applicantId)) {
                throw new MoimException(ErrorCode.ALREADY_MEMBER, "User " + applicantId + " is already in the room");
            }
            rooms.requireRoomFor(room, 1);
            tell(outbox, room, applicantId, event("approved", room, application, userId));
            rooms.joinByThemselves(outbox, room, applicantId);
            outbox.afterCommit(() -> notices.notice(applicantId, "JOIN_APPROVED", userId, roomId, room.name()));
            return null;
        });
    }

    /** The owner or a manager turns the application down; the applicant is told and notified. */
    public CompletableFuture<Void> refuse(long userId, long roomId, long applicantId) {
        return writer.run(outbox -> {
            RoomState room = RoomService.requireManager(userId, writer.lockRoom(outbox, roomId));
            GroupStore.Application application = pendingApplication(roomId, applicantId);
            groups.deleteApplication(roomId, applicantId);
            tell(outbox, room, applicantId, event("refused", room, application, userId));
            outbox.afterCommit(() -> notices.notice(applicantId, "JOIN_REFUSED", userId, roomId, room.name()));
            return null;
        });
    }

    /**
     * Under the room's lock, when it stops taking applications (its policy left REQUEST): the pending ones are
     * closed, so none can be approved into a room that no longer takes members that way. Each applicant, and the
     * owner and managers, are told ({@code closed}, by whoever changed the policy); the applicant is notified.
     */
    void closeApplications(Outbox outbox, RoomState room, long by) {
        for (GroupStore.Application application : groups.applications(room.id())) {
            groups.deleteApplication(room.id(), application.userId());
            tell(outbox, room, application.userId(), event("closed", room, application, by));
            outbox.afterCommit(() -> notices.notice(application.userId(), "JOIN_REFUSED", by, room.id(), room.name()));
        }
    }

    /**
     * Whether {@code userId} may come in by {@code policy}: a GROUP with that policy, that they are not in and not
     * banned from. The first look is at this node's copy (a quick refusal); the room writer looks again under the lock.
     */
    private void requireWayIn(RoomState room, long userId, JoinPolicy policy) {
        requireGroup(room);
        if (room.joinPolicy() != policy) {
            throw new MoimException(ErrorCode.JOIN_NOT_ALLOWED, switch (room.joinPolicy()) {
                case PRIVATE -> "This room takes members by invitation only";
                case OPEN -> "This room is open: join it instead of applying";
                case REQUEST -> "This room takes members by application: apply to join";
            });
        }
        requireNewcomer(room, userId);
    }

    /** Not in the room and not banned from it. */
    void requireNewcomer(RoomState room, long userId) {
        if (room.isMember(userId)) {
            throw new MoimException(ErrorCode.ALREADY_MEMBER, "You are already in room " + room.id());
        }
        if (groups.isBanned(room.id(), userId)) {
            throw new MoimException(ErrorCode.USER_BANNED, "You are banned from this room");
        }
    }

    static void requireGroup(RoomState room) {
        if (room.type() != RoomType.GROUP) {
            throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "Direct rooms always have exactly their two people");
        }
    }

    /**
     * The hash of the room's password that the caller gave right (null when the room has none). Wrong guesses are
     * booked in advance per user and room, and a right one gives its booking back.
     */
    private String checkPassword(long userId, RoomState room, String password) {
        String hash = room.group().passwordHash();
        if (hash == null) {
            return null;
        }
        if (password == null || password.isEmpty()) {
            throw new MoimException(ErrorCode.WRONG_ROOM_PASSWORD, "This room needs its password");
        }
        rateLimits.checkRoomPassword(userId, room.id());
        if (!passwords.matches(password, hash)) {
            throw new MoimException(ErrorCode.WRONG_ROOM_PASSWORD, "Wrong password for this room");
        }
        rateLimits.roomPasswordPassed(userId, room.id());
        return hash;
    }

    /** Under the lock: the password checked is still the room's (a manager may have changed it meanwhile). */
    private static void samePassword(RoomState room, String checked) {
        String now = room.group().passwordHash();
        if (!Objects.equals(now, checked)) {
            throw new MoimException(ErrorCode.WRONG_ROOM_PASSWORD,
                    now == null ? "The room's password was just removed; try again" : "The room's password was just changed");
        }
    }

    private GroupStore.Application pendingApplication(long roomId, long applicantId) {
        return groups.application(roomId, applicantId).orElseThrow(() -> new MoimException(ErrorCode.APPLICATION_NOT_FOUND,
                "User " + applicantId + " has no pending application to room " + roomId));
    }

    private static MoimException pending(long roomId) {
        return new MoimException(ErrorCode.APPLICATION_PENDING,
                "Your application to room " + roomId + " is still pending; withdraw it to apply again");
    }

    /** A note as given: at most MAX_NOTE code points of plain text; blank means none. */
    static String note(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        String stripped = Text.require("note", note.strip());
        if (stripped.codePointCount(0, stripped.length()) > MAX_NOTE) {
            throw new InvalidField("note", "must be at most " + MAX_NOTE + " characters");
        }
        return stripped;
    }

    private UserEvent.ApplicationEvent event(String change, RoomState room, GroupStore.Application application, Long by) {
        return new UserEvent.ApplicationEvent(change, room.id(), room.name(), users.sender(application.userId()),
                application.note(), application.createdAt(), by == null ? null : users.sender(by));
    }

    /** The applicant's devices and the room's owner and managers hear of it, after the commit. */
    private void tell(Outbox outbox, RoomState room, long applicantId, UserEvent.ApplicationEvent event) {
        Set<Long> audience = new LinkedHashSet<>();
        audience.add(applicantId);
        audience.addAll(managers(room));
        for (long userId : audience) {
            outbox.user(userId, () -> event);
        }
    }

    /** The owner first, then the managers. */
    private static List<Long> managers(RoomState room) {
        Set<Long> managers = new LinkedHashSet<>();
        if (room.ownerId() != null) {
            managers.add(room.ownerId());
        }
        managers.addAll(room.managerIds());
        return List.copyOf(managers);
    }
}
