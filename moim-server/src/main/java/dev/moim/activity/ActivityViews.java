package dev.moim.activity;

import java.util.List;

import dev.moim.view.RoomType;
import dev.moim.view.Sender;

/** JSON shapes of the busiest rooms and most active members. */
final class ActivityViews {

    private ActivityViews() {
    }

    record BusiestRooms(String window, List<Room> rooms) {
    }

    /** A room with its messages in the window; a DIRECT room has no name, and {@code peer} is the other person. */
    record Room(long roomId, String name, RoomType type, Sender peer, long messages) {
    }

    record ActiveMembers(String window, List<Member> members) {
    }

    record Member(Sender user, long messages) {
    }
}
