package dev.moim.ledger;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;

/**
 * The reconciliation as an operator's command, at {@code /actuator/ledger} (from the addresses in
 * {@code moim.http.metrics-from} only): {@code balanced} is false if the entries of all accounts do not sum to zero,
 * an account's balance is not the sum of its entries, or a posting's two entries do not cancel out.
 */
@Component
@Endpoint(id = "ledger")
class LedgerEndpoint {

    private final Ledger ledger;

    LedgerEndpoint(Ledger ledger) {
        this.ledger = ledger;
    }

    @ReadOperation
    Reconciliation reconcile() {
        return ledger.reconcile();
    }
}
