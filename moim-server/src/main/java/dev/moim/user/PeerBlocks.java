package dev.moim.user;

/**
 * Whether one person blocked another. Blocks are another feature's (friends); rooms and profiles ask through this
 * port before a direct message, an invitation or showing presence, so that they know nothing of friendships.
 */
public interface PeerBlocks {

    boolean blocks(long blocker, long blocked);
}
