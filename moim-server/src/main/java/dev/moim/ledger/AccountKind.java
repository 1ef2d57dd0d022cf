package dev.moim.ledger;

/**
 * What an account belongs to. OUTSIDE, one per currency, is the world outside Moim: simulated deposits come from it
 * and group expenses go to it. It is the only account whose balance may go below zero (it mirrors money held
 * outside), so the sum of all entries, over all accounts, is always zero.
 */
public enum AccountKind {
    WALLET, GROUP, OUTSIDE
}
