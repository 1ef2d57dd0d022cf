package dev.moim.ledger;

import java.time.Instant;

/**
 * A posted movement: its two entries are a debit of {@code fromAccountId} and a credit of {@code toAccountId}.
 * {@code replayed} is true when the (initiatedBy, idempotencyKey) pair had posted already: this is that first posting
 * and nothing moved now.
 */
public record Posting(long id, PostingKind kind, long fromAccountId, long toAccountId, long amount, String currency,
                      String memo, long initiatedBy, Long reversesId, Long reversedById, String reference,
                      Instant at, boolean replayed) {

    Posting asReplayed() {
        return new Posting(id, kind, fromAccountId, toAccountId, amount, currency, memo, initiatedBy, reversesId,
                reversedById, reference, at, true);
    }
}
