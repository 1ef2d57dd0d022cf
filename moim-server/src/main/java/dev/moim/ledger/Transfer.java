package dev.moim.ledger;

/**
 * One movement of money, asked for. {@code idempotencyKey} is required (1-100 characters) and scoped to
 * {@code initiatedBy}: the same pair posts once. {@code reference} is free text other features find postings by
 * again (e.g. {@code dues:<planId>:<userId>:<periodStart>}, {@code expense:<expenseId>}); nullable, at most 200
 * characters. {@code memo} at most 200 characters.
 */
public record Transfer(long fromAccountId, long toAccountId, long amount, PostingKind kind, String memo,
                       long initiatedBy, String idempotencyKey, String reference) {
}
