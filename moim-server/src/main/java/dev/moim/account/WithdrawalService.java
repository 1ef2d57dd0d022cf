package dev.moim.account;

import java.time.Duration;
import java.util.List;

import dev.moim.auth.AuthService;
import dev.moim.bus.EventBus;
import dev.moim.bus.NodeNotice;
import dev.moim.common.ErrorCode;
import dev.moim.common.Futures;
import dev.moim.common.MoimException;
import dev.moim.config.MoimProperties;
import dev.moim.file.AvatarService;
import dev.moim.room.RoomService;
import dev.moim.user.PersonalData;
import dev.moim.user.User;
import dev.moim.user.UserStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Withdrawing an account. Its messages stay where they were, under a placeholder sender; everything personal goes.
 *
 * <p>In this order: the account leaves every GROUP room as a member leaving does (ownership passes on, a SYSTEM
 * message says so), while it still has its name; if that fails half-way, nothing of the account is erased yet and
 * the owner can simply try again. Then, in one transaction, the account is erased, its codes deleted and every
 * session revoked; after the commit every node closes its sockets and forgets its name. DIRECT rooms stay as they
 * are for the other person. A room the account was invited to during all this is left afterwards.
 */
@Service
public class WithdrawalService {

    private static final Logger log = LoggerFactory.getLogger(WithdrawalService.class);

    private final PasswordService passwords;
    private final UserStore users;
    private final AccountCodes codes;
    private final AuthService auth;
    private final RoomService rooms;
    private final AvatarService avatars;
    private final EventBus bus;
    private final TransactionTemplate tx;
    private final Duration writeTimeout;

    private final List<PersonalData> personalData;
    public WithdrawalService(PasswordService passwords, UserStore users, AccountCodes codes, AuthService auth,
                             RoomService rooms, AvatarService avatars, List<PersonalData> personalData, EventBus bus,
                             TransactionTemplate tx, MoimProperties properties) {
        this.personalData = personalData;
        this.passwords = passwords;
        this.users = users;
        this.codes = codes;
        this.auth = auth;
        this.rooms = rooms;
        this.avatars = avatars;
        this.bus = bus;
        this.tx = tx;
        this.writeTimeout = properties.messages().writeTimeout();
    }

    public void withdraw(long userId, String password) {
        User user = passwords.requireLive(userId);
        passwords.confirm(user, password);
        leaveGroups(userId);
        if (user.avatarId() != null) {
            // Its bytes are deleted from the storage too, not only the row's reference to them.
            avatars.remove(userId);
        }
        tx.execute(status -> {
            if (!users.erase(userId)) {
                throw new MoimException(ErrorCode.USER_NOT_FOUND, "This account does not exist");
            }
            codes.deleteAll(userId);
            personalData.forEach(data -> data.erase(userId));
            auth.endAllSessions(userId);
            return null;
        });
        // Every node's directory forgets the name (this node's before publish returns).
        bus.publish(new NodeNotice.UserChanged(userId));
        try {
            leaveGroups(userId);
        } catch (RuntimeException e) {
            log.warn("Withdrawn user {} could not leave a room it was invited to meanwhile: {}", userId, e.toString());
        }
    }

    private void leaveGroups(long userId) {
        for (long roomId : rooms.groupRoomsOf(userId)) {
            try {
                Futures.await(rooms.leave(userId, roomId), writeTimeout);
            } catch (MoimException e) {
                // Kicked, or the room closed, meanwhile: there is nothing to leave.
                if (e.code() != ErrorCode.NOT_A_MEMBER && e.code() != ErrorCode.ROOM_NOT_FOUND) {
                    throw e;
                }
            }
        }
    }
}
