package dev.moim.friend;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.moim.bus.EventBus;
import dev.moim.bus.NodeNotice;
import dev.moim.bus.UserEvent;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.common.Times;
import dev.moim.notification.NotificationService;
import dev.moim.presence.PresenceService;
import dev.moim.user.User;
import dev.moim.user.UserDirectory;
import dev.moim.user.UserStore;
import dev.moim.view.Sender;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Friends and blocks. Every change between two people runs in one transaction that first locks both (see
 * {@link FriendStore#lockPair}), and is told live to both sides' devices once committed. A blocked person is never
 * told so: their requests to the blocker are taken and simply never shown, and what blocking stops (direct messages,
 * invitations, presence) is refused in words that also fit other reasons.
 */
@Service
public class FriendService {

    private static final Logger log = LoggerFactory.getLogger(FriendService.class);
    static final int MAX_SUGGESTIONS = 20;

    private final FriendStore store;
    private final UserStore users;
    private final UserDirectory directory;
    private final PresenceService presence;
    private final NotificationService notifications;
    private final RateLimits rateLimits;
    private final EventBus bus;
    private final TransactionTemplate tx;

    public FriendService(FriendStore store, UserStore users, UserDirectory directory, PresenceService presence,
                         NotificationService notifications, RateLimits rateLimits, EventBus bus, TransactionTemplate tx) {
        this.store = store;
        this.users = users;
        this.directory = directory;
        this.presence = presence;
        this.notifications = notifications;
        this.rateLimits = rateLimits;
        this.bus = bus;
        this.tx = tx;
    }

    /** The state between the caller and someone after a request: REQUESTED, or FRIENDS when theirs was waiting. */
    public record RequestResult(String state, FriendViews.Person user) {
    }

    public RequestResult request(long me, long other) {
        requireOther(me, other);
        record Outcome(String state, boolean blockedByOther, boolean fresh) {
        }
        Outcome outcome = tx.execute(status -> {
            store.lockPair(me, other);
            if (store.blocks(me, other)) {
                throw new MoimException(ErrorCode.OPERATION_NOT_ALLOWED, "You blocked this person; unblock them first");
            }
            if (store.friends(me, other)) {
                throw new MoimException(ErrorCode.ALREADY_FRIENDS, "You are friends already");
            }
            boolean blockedByOther = store.blocks(other, me);
            if (!blockedByOther && store.deleteRequest(other, me)) {
                store.befriend(me, other, Times.now());
                return new Outcome("FRIENDS", false, true);
            }
            if (store.requested(me, other)) {
                return new Outcome("REQUESTED", blockedByOther, false);
            }
            rateLimits.checkFriendRequest(me);
            store.insertRequest(me, other, Times.now());
            return new Outcome("REQUESTED", blockedByOther, true);
        });
        if (outcome.fresh()) {
            if (outcome.state().equals("FRIENDS")) {
                tell(me, "added", other);
                tell(other, "added", me);
                notifyQuietly(new NotificationService.Notice(other, "FRIEND_ACCEPTED", me, null, null, null));
            } else {
                tell(me, "request_sent", other);
                if (!outcome.blockedByOther()) {
                    tell(other, "request_received", me);
                    notifyQuietly(new NotificationService.Notice(other, "FRIEND_REQUEST", me, null, null, null));
                }
            }
        }
        return new RequestResult(outcome.state(), person(other));
    }

    public void cancel(long me, long other) {
        boolean cancelled = Boolean.TRUE.equals(tx.execute(status -> {
            store.lockPair(me, other);
            return store.deleteRequest(me, other);
        }));
        if (!cancelled) {
            throw new MoimException(ErrorCode.FRIEND_REQUEST_NOT_FOUND, "You have no request to this person");
        }
        tell(me, "request_cancelled", other);
        tell(other, "request_cancelled", me);
    }

    public FriendViews.Person accept(long me, long requester) {
        tx.executeWithoutResult(status -> {
            store.lockPair(me, requester);
            // A request from someone the caller blocked is not shown, so it cannot be accepted either.
            if (store.blocks(me, requester) || !store.deleteRequest(requester, me)) {
                throw new MoimException(ErrorCode.FRIEND_REQUEST_NOT_FOUND, "This person has not asked to be your friend");
            }
            store.befriend(me, requester, Times.now());
        });
        tell(me, "added", requester);
        tell(requester, "added", me);
        notifyQuietly(new NotificationService.Notice(requester, "FRIEND_ACCEPTED", me, null, null, null));
        return person(requester);
    }

    public void decline(long me, long requester) {
        boolean declined = Boolean.TRUE.equals(tx.execute(status -> {
            store.lockPair(me, requester);
            return !store.blocks(me, requester) && store.deleteRequest(requester, me);
        }));
        if (!declined) {
            throw new MoimException(ErrorCode.FRIEND_REQUEST_NOT_FOUND, "This person has not asked to be your friend");
        }
        tell(me, "request_declined", requester);
        tell(requester, "request_declined", me);
    }

    public void remove(long me, long friend) {
        boolean removed = Boolean.TRUE.equals(tx.execute(status -> {
            store.lockPair(me, friend);
            return store.unfriend(me, friend);
        }));
        if (!removed) {
            throw new MoimException(ErrorCode.NOT_FRIENDS, "You are not friends");
        }
        tell(me, "removed", friend);
        tell(friend, "removed", me);
    }

    /** Ends any friendship and request between the two; the other side only sees the friendship end. */
    public void block(long me, long other) {
        requireOther(me, other);
        record Outcome(boolean wereFriends, boolean theyHadAsked, boolean iHadAsked) {
        }
        Outcome outcome = tx.execute(status -> {
            store.lockPair(me, other);
            store.block(me, other, Times.now());
            return new Outcome(store.unfriend(me, other), store.deleteRequest(other, me), store.deleteRequest(me, other));
        });
        // Every node's block list forgets the caller's, so direct messages are checked against this at once.
        bus.publish(new NodeNotice.UserChanged(me));
        tell(me, "blocked", other);
        if (outcome.wereFriends()) {
            tell(other, "removed", me);
        }
        if (outcome.iHadAsked()) {
            tell(other, "request_cancelled", me);
        }
    }

    public void unblock(long me, long other) {
        boolean unblocked = Boolean.TRUE.equals(tx.execute(status -> store.unblock(me, other)));
        if (unblocked) {
            bus.publish(new NodeNotice.UserChanged(me));
            tell(me, "unblocked", other);
        }
    }

    // ---- lists ----

    public List<FriendViews.Friend> friends(long me) {
        List<FriendStore.Since> rows = store.friendsOf(me);
        Map<Long, User> byId = usersById(rows.stream().map(FriendStore.Since::userId).toList());
        List<FriendViews.Friend> friends = new ArrayList<>();
        for (FriendStore.Since row : rows) {
            User u = byId.get(row.userId());
            if (u != null) {
                friends.add(new FriendViews.Friend(u.id(), u.nickname(), u.statusMessage(), u.avatarId(),
                        presence.isOnline(u.id()), u.lastSeenAt(), row.at()));
            }
        }
        return friends;
    }

    public List<FriendViews.Request> requests(long me, String direction) {
        boolean incoming = direction == null || direction.equals("incoming");
        if (!incoming && !direction.equals("outgoing")) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "direction must be incoming or outgoing");
        }
        List<FriendStore.Since> rows = incoming ? store.incoming(me) : store.outgoing(me);
        return rows.stream().map(r -> new FriendViews.Request(person(r.userId()), r.at())).toList();
    }

    public List<FriendViews.Person> blocked(long me) {
        return store.blockedBy(me).stream().map(r -> person(r.userId())).toList();
    }

    /** People the caller shares rooms with, most shared first. */
    public List<FriendViews.Suggestion> suggestions(long me) {
        return store.suggestions(me, MAX_SUGGESTIONS).stream()
                .map(s -> new FriendViews.Suggestion(person(s.userId()), s.rooms())).toList();
    }

    // ---- helpers ----

    private void requireOther(long me, long other) {
        if (me == other) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "That is you");
        }
        if (directory.find(other).isEmpty()) {
            throw new MoimException(ErrorCode.USER_NOT_FOUND, "User " + other + " does not exist");
        }
    }

    private FriendViews.Person person(long userId) {
        Sender s = directory.find(userId).orElseThrow(() ->
                new MoimException(ErrorCode.USER_NOT_FOUND, "User " + userId + " does not exist"));
        return new FriendViews.Person(s.id(), s.nickname(), s.avatarId());
    }

    private Map<Long, User> usersById(List<Long> ids) {
        Map<Long, User> byId = new HashMap<>();
        users.findAll(ids).forEach(u -> byId.put(u.id(), u));
        return byId;
    }

    private void tell(long to, String change, long about) {
        directory.find(about).ifPresent(who -> bus.publishToUser(to, new UserEvent.FriendEvent(change, who)));
    }

    private void notifyQuietly(NotificationService.Notice notice) {
        try {
            notifications.notify(notice);
        } catch (RuntimeException e) {
            // The friendship is committed; a missing notification is not worth failing the call for.
            log.warn("Notifying user {} failed", notice.userId(), e);
        }
    }
}
