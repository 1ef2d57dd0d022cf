package dev.moim.bus;

import java.util.List;

/**
 * The events of one committed change to a room, in the order they happened. {@code version} is the room's version
 * after the commit: every commit to a room moves it on by exactly one under the room's row lock, whichever node
 * makes it, so a node that hears commit n+1 before commit n can wait for n, and one that never hears n knows it
 * missed something. A commit may hold no event (a group commit that touched the room but was refused in it).
 */
public record RoomCommit(long roomId, long version, List<RoomEvent> events) {

    public RoomCommit {
        events = List.copyOf(events);
        for (RoomEvent event : events) {
            if (event.roomId() != roomId) {
                throw new IllegalArgumentException("An event of room " + event.roomId() + " in a commit of room " + roomId);
            }
        }
    }
}
