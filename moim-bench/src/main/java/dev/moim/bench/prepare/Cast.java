package dev.moim.bench.prepare;

import java.util.List;

/**
 * The people and rooms of a run, ready to connect: each member with a fresh access token, each room with the
 * places (in {@link #members()}) of the members in it.
 */
public record Cast(List<Member> members, List<Room> rooms) {

    public record Member(int place, long userId, String accessToken) {
    }

    public record Room(long id, List<Integer> memberPlaces) {
    }
}
