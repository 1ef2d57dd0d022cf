package dev.moim.room;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

import dev.moim.common.ErrorCode;
import dev.moim.common.InvalidField;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.user.UserDirectory;
import dev.moim.view.JoinPolicy;
import org.springframework.stereotype.Service;

/**
 * Invite links: made, listed and revoked by a room's owner and managers; shown to and accepted by anyone signed in who
 * has the code. Accepting joins the room (applies, for a REQUEST room) without its password: the link is the managers'
 * invitation. Each acceptance counts one use in the transaction that lets the person in, under the room's lock and
 * with a conditional update, so no link is used past its limit however many accept it at once.
 */
@Service
public class InviteLinks {

    /** 144 random bits: 24 characters of base64url. */
    private static final int CODE_BYTES = 18;
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{24}");
    private static final Duration MIN_TTL = Duration.ofSeconds(1);
    /** Links this long past their expiry are deleted when the room makes a new one. */
    private static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(1);

    private final SecureRandom random = new SecureRandom();
    private final RoomDirectory directory;
    private final RoomWriter writer;
    private final RoomService rooms;
    private final RoomStore store;
    private final RoomJoins joins;
    private final GroupStore groups;
    private final UserDirectory users;
    private final RateLimits rateLimits;
    private final MoimProperties.Groups settings;

    public InviteLinks(RoomDirectory directory, RoomWriter writer, RoomService rooms, RoomStore store, RoomJoins joins,
                       GroupStore groups, UserDirectory users, RateLimits rateLimits, MoimProperties properties) {
        this.directory = directory;
        this.writer = writer;
        this.rooms = rooms;
        this.store = store;
        this.joins = joins;
        this.groups = groups;
        this.users = users;
        this.rateLimits = rateLimits;
        this.settings = properties.groups();
    }

    public CompletableFuture<GroupViews.InviteLink> create(long userId, long roomId, Long expiresIn, Integer maxUses) {
        Duration ttl = expiresIn == null ? settings.inviteLinkTtl() : Duration.ofSeconds(expiresIn);
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(settings.maxInviteLinkTtl()) > 0) {
            throw new InvalidField("expiresIn", "must be between " + MIN_TTL.toSeconds() + " and "
                    + settings.maxInviteLinkTtl().toSeconds() + " seconds");
        }
        if (maxUses != null && (maxUses < 1 || maxUses > 100_000)) {
            throw new InvalidField("maxUses", "must be between 1 and 100000, or left out for no limit");
        }
        String code = newCode();
        return writer.run(outbox -> {
            RoomState room = RoomService.requireManager(userId, writer.lockRoom(outbox, roomId));
            Instant now = Times.now();
            groups.purgeInvites(roomId, now.minus(KEPT_AFTER_EXPIRY));
            if (groups.countInvites(roomId) >= settings.maxInviteLinksPerRoom()) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "A room has at most "
                        + settings.maxInviteLinksPerRoom() + " invite links; revoke one first");
            }
            GroupStore.Invite invite = new GroupStore.Invite(code, room.id(), userId, now, now.plus(ttl), maxUses, 0);
            groups.insertInvite(invite);
            return view(invite);
        });
    }

    /** The room's links, newest first, expired and used-up ones too (until revoked, or a day past expiry). */
    public List<GroupViews.InviteLink> list(long userId, long roomId) {
        RoomService.requireManager(userId, directory.committed(roomId));
        return groups.invites(roomId).stream().map(this::view).toList();
    }

    public CompletableFuture<Void> revoke(long userId, long roomId, String code) {
        return writer.run(outbox -> {
            RoomService.requireManager(userId, writer.lockRoom(outbox, roomId));
            if (!groups.deleteInvite(roomId, code)) {
                throw notFound();
            }
            return null;
        });
    }

    /** What the link leads to, for anyone signed in who has it: the room's public settings. */
    public GroupViews.InvitePreview preview(long userId, String code) {
        GroupStore.Invite invite = live(code, Times.now());
        RoomState room = room(invite);
        return new GroupViews.InvitePreview(invite.code(), invite.expiresAt(), invite.maxUses(), invite.uses(),
                RoomCatalog.publicRoom(room, store.lastActivity(room.id()).orElse(null), room.isMember(userId),
                        groups.application(room.id(), userId).isPresent()));
    }

    /**
     * Joins the link's room, or applies to it when it is a REQUEST room (with {@code note}), counting one use.
     * Nothing is counted when the person is refused (in the room already, banned, an application pending, full).
     */
    public CompletableFuture<GroupViews.Accepted> accept(long userId, String code, String note) {
        String cleanNote = RoomJoins.note(note);
        GroupStore.Invite seen = live(code, Times.now());
        long roomId = seen.roomId();
        joins.requireNewcomer(room(seen), userId);
        rateLimits.checkMemberAdds(userId, 1);
        return writer.run(outbox -> {
            RoomState room = writer.lockRoom(outbox, roomId);
            Instant now = Times.now();
            // Looked up again under the room's lock: it may have been revoked, used up or run out meanwhile.
            live(code, now);
            joins.requireNewcomer(room, userId);
            GroupViews.Application application = null;
            if (room.joinPolicy() == JoinPolicy.REQUEST) {
                application = joins.submit(outbox, room, userId, cleanNote);
            } else {
                rooms.requireRoomFor(room, 1);
                rooms.joinByThemselves(outbox, room, userId);
            }
            if (!groups.useInvite(code, now)) {
                // The lock makes this unreachable; the conditional update is what would hold without it.
                throw new MoimException(ErrorCode.INVITE_LINK_USED_UP, "This invite link has been used up");
            }
            return application;
        }).thenApply(application -> application != null
                ? new GroupViews.Accepted("APPLIED", null, application)
                : new GroupViews.Accepted("JOINED", rooms.summary(userId, roomId), null));
    }

    /** The link if it can still be used: not revoked, not expired, not used up, and its room a GROUP still open. */
    private GroupStore.Invite live(String code, Instant now) {
        if (code == null || !CODE.matcher(code).matches()) {
            throw notFound();
        }
        GroupStore.Invite invite = groups.invite(code).orElseThrow(InviteLinks::notFound);
        if (invite.expired(now)) {
            throw new MoimException(ErrorCode.INVITE_LINK_EXPIRED, "This invite link expired at " + invite.expiresAt());
        }
        if (invite.usedUp()) {
            throw new MoimException(ErrorCode.INVITE_LINK_USED_UP, "This invite link has been used up");
        }
        return invite;
    }

    private RoomState room(GroupStore.Invite invite) {
        RoomState room;
        try {
            room = directory.committed(invite.roomId());
        } catch (MoimException closed) {
            throw new MoimException(ErrorCode.INVITE_LINK_EXPIRED, "The room of this invite link is closed");
        }
        RoomJoins.requireGroup(room);
        return room;
    }

    private static MoimException notFound() {
        return new MoimException(ErrorCode.INVITE_LINK_NOT_FOUND, "No such invite link; it may have been revoked");
    }

    private String newCode() {
        byte[] bytes = new byte[CODE_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private GroupViews.InviteLink view(GroupStore.Invite invite) {
        return new GroupViews.InviteLink(invite.code(), settings.inviteUrlPrefix() + invite.code(), invite.roomId(),
                invite.expiresAt(), invite.maxUses(), invite.uses(), users.sender(invite.createdBy()), invite.createdAt());
    }
}
