package dev.moim.ledger;

import dev.moim.bus.EventBus;
import dev.moim.bus.RoomEvent;
import dev.moim.bus.UserEvent;
import dev.moim.view.AccountView;
import org.springframework.stereotype.Component;

/**
 * Tells who watches an account that it changed: a wallet's owner on all their sockets ({@code wallet}), a group
 * account's room ({@code account}). Sent after the commit, on every node through the bus; OUTSIDE tells nobody.
 */
@Component
class LedgerEvents {

    private final EventBus bus;
    private final LedgerStore store;

    LedgerEvents(EventBus bus, LedgerStore store) {
        this.bus = bus;
        this.store = store;
    }

    /**
     * {@code reread}: read the account again after the commit rather than trust what the movement left, so an event
     * carries the balance as committed by then (two movements committing at once may still announce in either order;
     * a client that must be exact reads the account).
     */
    void changed(Account account, boolean reread) {
        LedgerStore.Held held = reread ? store.account(account.id()).orElse(null) : new LedgerStore.Held(account, false);
        if (held == null) {
            return;
        }
        Account now = held.account();
        switch (now.kind()) {
            case WALLET -> bus.publishToUser(now.userId(), new UserEvent.WalletEvent(view(held)));
            case GROUP -> bus.publish(new RoomEvent.AccountEvent(now.roomId(), view(held)));
            case OUTSIDE -> {
            }
        }
    }

    AccountView view(LedgerStore.Held held) {
        Account a = held.account();
        Boolean hasPin = a.kind() == AccountKind.WALLET ? store.pinHash(a.userId()).isPresent() : null;
        return new AccountView(a.id(), a.kind().name(), a.userId(), a.roomId(), a.currency(), Ledger.minorUnits(a.currency()),
                a.balance(), a.openedAt(), held.closed(), hasPin);
    }
}
