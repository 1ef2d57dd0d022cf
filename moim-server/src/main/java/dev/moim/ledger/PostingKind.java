package dev.moim.ledger;

/** Why money moved; a REVERSAL corrects an earlier posting by moving the same amount back. */
public enum PostingKind {
    DEPOSIT, TRANSFER, DUES, EXPENSE, REVERSAL
}
