package dev.moim.ledger;

import java.util.List;

import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.view.AccountView;
import tools.jackson.databind.JsonNode;

/**
 * Request and answer bodies of wallets and group accounts. Amounts arrive as raw JSON so that only a JSON integer is
 * taken: 1.5, 1e3, "100" and a number past 10^15 are refused as INVALID_AMOUNT, never rounded or wrapped.
 */
public final class LedgerRequests {

    private LedgerRequests() {
    }

    /** A simulated top-up of the caller's wallet from OUTSIDE. */
    public record Deposit(JsonNode amount) {
    }

    /**
     * Money from {@code fromAccountId} (default: the caller's wallet) to {@code toAccountId}, or to the wallet of
     * {@code toUserId}. Confirmed by exactly one of {@code pin} and {@code password}.
     */
    public record Send(Long fromAccountId, Long toAccountId, Long toUserId, JsonNode amount, String memo, String pin,
                       String password) {
    }

    public record SetPin(String pin, String password) {
    }

    public record Password(String password) {
    }

    public record OpenAccount(String currency) {
    }

    public record Reverse(String reason, String pin, String password) {
    }

    /** A group's account, its treasurers, and whether the caller may move its money. */
    public record GroupAccount(AccountView account, List<Long> treasurerIds, boolean mayManage) {
    }

    /** A page of a statement, newest first; {@code nextBefore} asks for the page after it (null: no more). */
    public record Statement(List<Entry> entries, Long nextBefore) {
    }

    /** A JSON integer from 1 to 10^15, or INVALID_AMOUNT. */
    static long amount(JsonNode amount) {
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong()
                || amount.longValue() < 1 || amount.longValue() > Ledger.MAX_AMOUNT) {
            throw new MoimException(ErrorCode.INVALID_AMOUNT,
                    "amount must be a JSON integer of minor units from 1 to " + Ledger.MAX_AMOUNT);
        }
        return amount.longValue();
    }
}
