-- Replies, reactions and each room's pinned notice. Written for both H2 and PostgreSQL.

-- The message a reply answers, by its seq in the same room. The quote is read from that message when a view is
-- built, so it always shows the original as it is now (edited, deleted).
ALTER TABLE messages ADD COLUMN reply_to_seq BIGINT;

-- Each emoji's count on the message as JSON ({"👍":2,"❤️":1}), NULL for none. Recounted from message_reactions
-- by the transaction that changes them, under the room's lock, so history reads the counts with the row and needs
-- no GROUP BY per page.
ALTER TABLE messages ADD COLUMN reactions VARCHAR(1000);

-- Who reacted with what: one row per member and emoji on a message, so adding one twice is one.
CREATE TABLE message_reactions (
    room_id    BIGINT      NOT NULL REFERENCES rooms (id),
    seq        BIGINT      NOT NULL,
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    emoji      VARCHAR(32) NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (room_id, seq, user_id, emoji)
);

-- A room's pinned notice (공지): at most one per room.
CREATE TABLE room_notices (
    room_id   BIGINT PRIMARY KEY REFERENCES rooms (id),
    seq       BIGINT NOT NULL,
    pinned_by BIGINT NOT NULL REFERENCES users (id),
    pinned_at TIMESTAMP WITH TIME ZONE NOT NULL
);
