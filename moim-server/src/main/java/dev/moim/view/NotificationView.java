package dev.moim.view;

import java.time.Instant;

/**
 * A stored notification as clients see it. {@code kind}: MENTION, INVITED, KICKED, NEW_OWNER, FRIEND_REQUEST,
 * FRIEND_ACCEPTED, JOIN_REQUEST (to a room's owner and managers), JOIN_APPROVED, JOIN_REFUSED (to the applicant), DUES_DUE (a dues period fell due unpaid),
 * DUES_AUTOPAY_FAILED (autopay found too little in the wallet). {@code actor} did it (null when nobody in particular); {@code roomId} and {@code seq} say where,
 * when it is about a room or a message; {@code text} is a short excerpt (a mention's message, a room's name).
 */
public record NotificationView(long id, String kind, Sender actor, Long roomId, Long seq, String text,
                               Instant createdAt, boolean read) {
}
