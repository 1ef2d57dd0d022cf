-- Group life: how people get into a GROUP room (join policy, password, applications, invite links), who runs it
-- (the owner and managers), who is kept out (bans), and what the public directory shows of it.

-- PRIVATE: by invitation only (every room made before this). OPEN: listed, anyone joins. REQUEST: listed, people apply
-- and the owner or a manager decides.
ALTER TABLE rooms ADD COLUMN join_policy VARCHAR(10) NOT NULL DEFAULT 'PRIVATE';
ALTER TABLE rooms ADD CONSTRAINT rooms_join_policy_ck CHECK (join_policy IN ('PRIVATE', 'OPEN', 'REQUEST'));
-- At most 500 code points (1,000 UTF-16 units, which is what H2 counts).
ALTER TABLE rooms ADD COLUMN description VARCHAR(1000);
-- Up to 5 tags, lower case, each between commas: ",hiking,서울,". Empty or NULL: none.
ALTER TABLE rooms ADD COLUMN tags VARCHAR(250);
-- A photo of the room's gallery (attachments.id); served to whoever may see the room.
ALTER TABLE rooms ADD COLUMN cover_attachment_id UUID;
-- BCrypt, as account passwords; NULL: no password.
ALTER TABLE rooms ADD COLUMN password_hash VARCHAR(100);
-- Kept by every membership change, under the room's lock, so the directory sorts by it without counting rows.
ALTER TABLE rooms ADD COLUMN member_count INTEGER NOT NULL DEFAULT 0;
UPDATE rooms SET member_count = (SELECT COUNT(*) FROM room_members m WHERE m.room_id = rooms.id);
-- What the directory matches a query against: the terms Nori reads in the name, description and tags, and their
-- pairs of adjacent characters, each between spaces (" 등산 서울 산행 ..."), written with the settings they come from.
ALTER TABLE rooms ADD COLUMN search_terms VARCHAR(16000);
CREATE INDEX rooms_directory_idx ON rooms (join_policy, last_activity_at);

-- A manager approves applications, kicks and bans members (not the owner, not other managers) and changes settings.
-- The role goes with the membership: leaving or being removed ends it.
ALTER TABLE room_members ADD COLUMN manager BOOLEAN NOT NULL DEFAULT FALSE;

-- Pending applications to REQUEST rooms, one per person and room. Approving, refusing or withdrawing deletes it.
CREATE TABLE room_applications (
    room_id    BIGINT       NOT NULL REFERENCES rooms (id),
    user_id    BIGINT       NOT NULL REFERENCES users (id),
    note       VARCHAR(400),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (room_id, user_id)
);
CREATE INDEX room_applications_user_idx ON room_applications (user_id);

-- People kept out of a room: no link, directory, application or invitation brings them back until lifted.
CREATE TABLE room_bans (
    room_id    BIGINT NOT NULL REFERENCES rooms (id),
    user_id    BIGINT NOT NULL REFERENCES users (id),
    banned_by  BIGINT REFERENCES users (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (room_id, user_id)
);

-- Invite links. code is 144 random bits in base64url: the link itself, shown to the room's managers again, so kept as
-- is. uses only grows, under the room's lock and never past max_uses (NULL: no limit). Revoking deletes the row.
CREATE TABLE room_invites (
    code       VARCHAR(32) PRIMARY KEY,
    room_id    BIGINT      NOT NULL REFERENCES rooms (id),
    created_by BIGINT      NOT NULL REFERENCES users (id),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    max_uses   INTEGER,
    uses       INTEGER     NOT NULL DEFAULT 0
);
CREATE INDEX room_invites_room_idx ON room_invites (room_id);
