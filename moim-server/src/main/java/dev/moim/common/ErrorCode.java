package dev.moim.common;

import org.springframework.http.HttpStatus;

/** The stable error codes clients switch on. Never rename one; add new ones freely. */
public enum ErrorCode {
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST),
    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST),
    CONTENT_TOO_LONG(HttpStatus.BAD_REQUEST),
    INVALID_SEQ(HttpStatus.BAD_REQUEST),
    OPERATION_NOT_ALLOWED(HttpStatus.BAD_REQUEST),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
    INVALID_CREDENTIALS(HttpStatus.UNAUTHORIZED),
    TOKEN_EXPIRED(HttpStatus.UNAUTHORIZED),
    REFRESH_TOKEN_INVALID(HttpStatus.UNAUTHORIZED),
    REFRESH_TOKEN_REUSED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    NOT_A_MEMBER(HttpStatus.FORBIDDEN),
    NOT_OWNER(HttpStatus.FORBIDDEN),
    NOT_SENDER(HttpStatus.FORBIDDEN),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    USER_NOT_FOUND(HttpStatus.NOT_FOUND),
    ROOM_NOT_FOUND(HttpStatus.NOT_FOUND),
    MESSAGE_NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    EMAIL_TAKEN(HttpStatus.CONFLICT),
    ALREADY_MEMBER(HttpStatus.CONFLICT),
    ROOM_FULL(HttpStatus.CONFLICT),
    CLIENT_MSG_ID_REUSED(HttpStatus.CONFLICT),
    ROOM_CLOSED(HttpStatus.GONE),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
    SERVER_BUSY(HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR),
    SESSION_REVOKED(HttpStatus.UNAUTHORIZED),
    TOO_MANY_SESSIONS(HttpStatus.TOO_MANY_REQUESTS),
    TOO_MANY_SUBSCRIPTIONS(HttpStatus.TOO_MANY_REQUESTS),
    ALREADY_SUBSCRIBED(HttpStatus.CONFLICT),
    // Files and photos.
    /** Empty, or a name with path tricks, control or direction-override characters, or too long. */
    INVALID_FILE_NAME(HttpStatus.BAD_REQUEST),
    EMPTY_FILE(HttpStatus.BAD_REQUEST),
    /** Larger than the limit for its kind (photo or file). */
    FILE_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    /** Not a kind Moim takes there: not a JPEG, PNG, GIF or WebP where a photo is wanted, or an executable. */
    UNSUPPORTED_FILE_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    /** The bytes are one type and the name claims another (a renamed executable). */
    FILE_TYPE_MISMATCH(HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    /** A photo that does not decode: truncated, damaged or not what its header says. */
    CORRUPT_IMAGE(HttpStatus.UNPROCESSABLE_CONTENT),
    /** More pixels than moim.files.max-image-pixels (or, over all frames, max-animation-pixels). */
    IMAGE_TOO_LARGE(HttpStatus.UNPROCESSABLE_CONTENT),
    QUOTA_EXCEEDED(HttpStatus.CONTENT_TOO_LARGE),
    ATTACHMENT_NOT_FOUND(HttpStatus.NOT_FOUND),
    /** Not the sender's upload to this room, already carried by another message, or of the wrong kind. */
    ATTACHMENT_UNAVAILABLE(HttpStatus.CONFLICT),
    RANGE_NOT_SATISFIABLE(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE),
    // Friends and notifications.
    ALREADY_FRIENDS(HttpStatus.CONFLICT),
    NOT_FRIENDS(HttpStatus.NOT_FOUND),
    FRIEND_REQUEST_NOT_FOUND(HttpStatus.NOT_FOUND),
    NOTIFICATION_NOT_FOUND(HttpStatus.NOT_FOUND),
    // Web Push.
    /** Not a browser's push subscription: a missing or malformed endpoint, a p256dh off P-256, an auth not 16 bytes. */
    INVALID_PUSH_SUBSCRIPTION(HttpStatus.BAD_REQUEST),
    /** The endpoint is on a host that is not one of moim.push.allowed-hosts. */
    PUSH_SERVICE_NOT_ALLOWED(HttpStatus.UNPROCESSABLE_CONTENT),
    // Accounts: e-mail verification, password reset and change, withdrawal.
    /** A mailed code that is wrong (e-mail verification: attempts remain; password reset: wrong, used up or expired). */
    VERIFICATION_CODE_INVALID(HttpStatus.BAD_REQUEST),
    /** E-mail verification: the code ran out of time or of attempts, or none was sent; ask for a new one. */
    VERIFICATION_CODE_EXPIRED(HttpStatus.BAD_REQUEST),
    /** moim.accounts.require-verified-email is on and this account has not verified its e-mail yet. */
    EMAIL_NOT_VERIFIED(HttpStatus.FORBIDDEN),
    ALREADY_VERIFIED(HttpStatus.CONFLICT),
    /** The password given to confirm a password change or a withdrawal is not the account's. */
    WRONG_PASSWORD(HttpStatus.FORBIDDEN),
    // Replies, reactions and notices.
    /** A reaction that is not one of moim.reactions.emojis. */
    UNKNOWN_REACTION(HttpStatus.BAD_REQUEST),
    /** The room has no pinned notice, or none the caller may see (it is from before they joined). */
    NOTICE_NOT_FOUND(HttpStatus.NOT_FOUND),
    // Group life: join policies, applications, invite links, managers and bans.
    /** Only the room's owner or one of its managers may do this (approve, kick, ban, change settings, links). */
    NOT_MANAGER(HttpStatus.FORBIDDEN),
    /** The room's join policy has no such way in: a PRIVATE room without a link, joining a REQUEST room, applying to an OPEN one. */
    JOIN_NOT_ALLOWED(HttpStatus.FORBIDDEN),
    /** The room's password is missing or wrong. */
    WRONG_ROOM_PASSWORD(HttpStatus.FORBIDDEN),
    /** The user is banned from the room: no way in until a manager lifts it. */
    USER_BANNED(HttpStatus.FORBIDDEN),
    /** An application to this room is pending already. */
    APPLICATION_PENDING(HttpStatus.CONFLICT),
    APPLICATION_NOT_FOUND(HttpStatus.NOT_FOUND),
    /** No such invite link, or it was revoked. */
    INVITE_LINK_NOT_FOUND(HttpStatus.NOT_FOUND),
    INVITE_LINK_EXPIRED(HttpStatus.GONE),
    /** The link has been used its maxUses times. */
    INVITE_LINK_USED_UP(HttpStatus.GONE),
    BAN_NOT_FOUND(HttpStatus.NOT_FOUND),
    // Wallets and group accounts.
    /** No such account, or not one the caller may see (only their wallet and their groups' accounts). */
    ACCOUNT_NOT_FOUND(HttpStatus.NOT_FOUND),
    /** The account is closed (its owner withdrew): money no longer moves into or out of it. */
    ACCOUNT_CLOSED(HttpStatus.CONFLICT),
    /** Not a whole number of minor units from 1 to 10^15, or a sum that would overflow. */
    INVALID_AMOUNT(HttpStatus.BAD_REQUEST),
    /** The two accounts of a movement are in different currencies. */
    CURRENCY_MISMATCH(HttpStatus.UNPROCESSABLE_CONTENT),
    /** The paying account's balance is smaller than the amount. */
    INSUFFICIENT_FUNDS(HttpStatus.CONFLICT),
    /** The Idempotency-Key was used before by the caller for a different movement. */
    IDEMPOTENCY_KEY_REUSED(HttpStatus.CONFLICT),
    /** The posting was reversed already; a reversal itself cannot be reversed. */
    ALREADY_REVERSED(HttpStatus.CONFLICT),
    POSTING_NOT_FOUND(HttpStatus.NOT_FOUND),
    /** The payment PIN given to confirm is not the user's. */
    WRONG_PAYMENT_PIN(HttpStatus.FORBIDDEN),
    /** A PIN was given to confirm, but the user has not set one; confirm with the password or set a PIN. */
    PAYMENT_PIN_NOT_SET(HttpStatus.CONFLICT),
    /** The room has a group account already. */
    ACCOUNT_EXISTS(HttpStatus.CONFLICT),
    /** A simulated deposit over moim.ledger.max-deposit, or past moim.ledger.max-deposit-per-day. */
    DEPOSIT_LIMIT_EXCEEDED(HttpStatus.UNPROCESSABLE_CONTENT),
    /** Only the room's owner or a treasurer of its account may move its money. */
    NOT_TREASURER(HttpStatus.FORBIDDEN),
    // Group dues.
    /** The room has no dues plan (none was set, or it was ended). */
    DUES_PLAN_NOT_FOUND(HttpStatus.NOT_FOUND),
    /** The member owes nothing for that period: it is not one of the plan's, or they had not joined by its due day. */
    DUES_CHARGE_NOT_FOUND(HttpStatus.NOT_FOUND),
    /** The dues of that period are paid already (or, paying everything, nothing is owed). */
    DUES_ALREADY_PAID(HttpStatus.CONFLICT),
    /** A new plan would start in a period the room's dues were charged for already; start it after that period. */
    DUES_PLAN_OVERLAP(HttpStatus.CONFLICT);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }
}
