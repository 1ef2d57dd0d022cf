package dev.moim.activity;

/** A room and the messages sent into it within a window. */
public record RoomCount(long roomId, long messages) {
}
