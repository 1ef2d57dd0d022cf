-- Every committed change to a room (messages, reads, membership, edits) takes the room's row lock and moves its
-- version on by one, so each node can put one room's events back in commit order whichever node made them, and
-- can tell that its copy of the room is behind the database.
ALTER TABLE rooms ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
