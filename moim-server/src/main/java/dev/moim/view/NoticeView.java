package dev.moim.view;

import java.time.Instant;

/**
 * The room's pinned notice (공지): the message at {@code seq}, shown by its {@link Excerpts excerpt} as it is now,
 * who pinned it and when.
 */
public record NoticeView(long seq, String excerpt, Sender pinnedBy, Instant pinnedAt) {
}
