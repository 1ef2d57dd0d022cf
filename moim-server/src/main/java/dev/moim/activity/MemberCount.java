package dev.moim.activity;

/** A sender and the messages they sent into one room within a window. */
public record MemberCount(long userId, long messages) {
}
