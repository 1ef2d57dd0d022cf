-- Photos, files and profile pictures. The bytes live in the file storage (a local directory or S3), under keys made
-- from the attachment's id; these rows say whose they are, where they may be seen and when they go.

-- An upload to a room. message_seq is set, in the transaction that stores the message, when a message carries it
-- (at most one message ever does); until then only its uploader can see it, and after orphan-after it is deleted.
-- Deleting the message sets deleted_at and purge_after: the objects are deleted after the grace period, then the row.
CREATE TABLE attachments (
    id               UUID PRIMARY KEY,
    owner_id         BIGINT       NOT NULL REFERENCES users (id),
    room_id          BIGINT       NOT NULL REFERENCES rooms (id),
    kind             VARCHAR(10)  NOT NULL,
    name             VARCHAR(255) NOT NULL,
    content_type     VARCHAR(127) NOT NULL,
    size             BIGINT       NOT NULL,
    width            INTEGER,
    height           INTEGER,
    frames           INTEGER      NOT NULL DEFAULT 1,
    thumb_type       VARCHAR(20),
    thumb_width      INTEGER,
    thumb_height     INTEGER,
    thumb_size       BIGINT,
    -- A client's key for one upload: a retry with the same key returns the first upload instead of storing again.
    idempotency_key  VARCHAR(64),
    message_seq      BIGINT,
    -- Its place in the message's album (0 first).
    album_position   INTEGER,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Set once the bytes are in the storage; until then nothing but a retry of the same upload sees the row.
    stored_at        TIMESTAMP WITH TIME ZONE,
    deleted_at       TIMESTAMP WITH TIME ZONE,
    purge_after      TIMESTAMP WITH TIME ZONE,
    CONSTRAINT attachments_kind_ck CHECK (kind IN ('IMAGE', 'FILE'))
);
CREATE UNIQUE INDEX attachments_idempotency_uq ON attachments (owner_id, idempotency_key);
-- A room's gallery, newest first, and the attachments of one message.
CREATE INDEX attachments_room_seq_idx ON attachments (room_id, message_seq);
-- What the janitor deletes: due purges, and uploads never carried.
CREATE INDEX attachments_purge_idx ON attachments (purge_after);
CREATE INDEX attachments_created_idx ON attachments (created_at);
-- The janitor finds rooms closed since its last pass, whose files nobody can see any more.
CREATE INDEX rooms_closed_idx ON rooms (closed_at);

-- Profile pictures, replaced as a whole: a new one gets a new id, and the old one's objects are deleted.
ALTER TABLE users ADD COLUMN avatar_id UUID;
ALTER TABLE users ADD COLUMN avatar_type VARCHAR(20);

-- An album of 30 photos, each with its name and sizes, is stored with its message (so history needs no join).
ALTER TABLE messages ALTER COLUMN meta SET DATA TYPE VARCHAR(16000);
