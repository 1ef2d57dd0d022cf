-- Account life: e-mail verification, password reset and withdrawal.

-- Set when the owner typed the code mailed to the address (or a password-reset code, which proves the same).
-- Accounts made before this migration start unverified; they can ask for a code like anyone else.
ALTER TABLE users ADD COLUMN email_verified_at TIMESTAMP WITH TIME ZONE;
-- A withdrawn account keeps its row, so that its messages keep their sender, but nothing personal: the email and the
-- password hash become NULL (the unique index lets the address sign up again), the nickname a placeholder.
ALTER TABLE users ADD COLUMN deleted_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
ALTER TABLE users ALTER COLUMN password_hash DROP NOT NULL;

-- One live code per account and purpose, kept only as an HMAC. attempts counts wrong guesses at this code;
-- sent_at is when it was mailed, for the resend cooldown.
CREATE TABLE account_codes (
    user_id    BIGINT      NOT NULL REFERENCES users (id),
    purpose    VARCHAR(20) NOT NULL,
    code_hash  VARCHAR(64) NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts   INTEGER     NOT NULL DEFAULT 0,
    sent_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, purpose),
    CONSTRAINT account_codes_purpose_ck CHECK (purpose IN ('VERIFY_EMAIL', 'RESET_PASSWORD'))
);
-- Refresh tokens by user: a password change or a withdrawal revokes all of them.
CREATE INDEX refresh_tokens_user_idx ON refresh_tokens (user_id);
