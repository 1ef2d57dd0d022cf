package dev.moim.ledger;

/**
 * A posting was reversed: published inside the reversal's transaction, so what other features keep about the original
 * (a dues charge it paid, say) changes with the money or not at all.
 */
public record PostingReversed(Posting original, Posting reversal) {
}
