package dev.moim.view;

import java.time.Instant;

/**
 * A wallet or a group account as clients see it, in REST answers and in the {@code wallet} and {@code account}
 * events. {@code balance} is in the currency's minor units; {@code minorUnits} says how many digits of it follow the
 * decimal point (KRW 0, USD 2). {@code hasPin} is whether the wallet's owner set a payment PIN (null for a group
 * account). {@code closed}: the wallet of a withdrawn user, which takes no more money.
 */
public record AccountView(long id, String kind, Long userId, Long roomId, String currency, int minorUnits, long balance,
                          Instant openedAt, boolean closed, Boolean hasPin) {
}
