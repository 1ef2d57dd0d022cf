package dev.moim.bench.prepare;

/**
 * How many rooms of how many members a scenario needs. Rooms do not share members: room {@code r} holds users
 * {@code r*roomSize .. (r+1)*roomSize-1} of the state file, and its first member creates it (member-adds are
 * limited per user, so no single user creates them all).
 */
public record Shape(int rooms, int roomSize) {

    public Shape {
        if (rooms < 1 || roomSize < 1) {
            throw new IllegalArgumentException("A run needs at least one room of at least one member");
        }
    }

    public int users() {
        return Math.multiplyExact(rooms, roomSize);
    }

    /** The key under which the state file keeps this shape's rooms. */
    public String key() {
        return "rooms-" + rooms + "x" + roomSize;
    }
}
