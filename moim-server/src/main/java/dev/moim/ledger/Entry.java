package dev.moim.ledger;

import java.time.Instant;

/**
 * One line of an account's statement. {@code amount} is signed (+ money in, - money out); {@code balanceAfter} is
 * the account's balance once it was written.
 */
public record Entry(long id, long postingId, long accountId, long amount, long balanceAfter, PostingKind kind,
                    String memo, long counterpartyAccountId, Long initiatedBy, Long reversesId, String reference,
                    Instant at) {
}
