package dev.moim.ledger;

import java.time.Instant;

/** A wallet ({@code userId}), a group account ({@code roomId}) or OUTSIDE; {@code balance} in minor units. */
public record Account(long id, AccountKind kind, Long userId, Long roomId, String currency, long balance,
                      Instant openedAt) {
}
