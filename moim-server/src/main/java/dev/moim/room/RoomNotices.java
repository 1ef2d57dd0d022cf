package dev.moim.room;

/**
 * Notifications about rooms that no room event carries (applications and their answers). A port: the notifications
 * feature implements it, and stores them off the room writer's thread.
 */
public interface RoomNotices {

    void notice(long userId, String kind, Long actorId, long roomId, String text);
}
