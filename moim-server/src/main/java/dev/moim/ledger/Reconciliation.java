package dev.moim.ledger;

import java.util.List;

/**
 * The books checked: every entry over all accounts sums to zero, and every account's balance equals the sum of its
 * entries. {@code balanced} when both hold (and every posting's two entries cancel out).
 */
public record Reconciliation(long accounts, long postings, long entries, long sumOfAllEntries,
                             List<Long> accountsWhoseBalanceDiffersFromEntries, boolean balanced) {
}
