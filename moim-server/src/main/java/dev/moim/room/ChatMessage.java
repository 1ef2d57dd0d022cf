package dev.moim.room;

import java.time.Instant;
import java.util.UUID;

import dev.moim.view.MessageType;

/**
 * A message as stored. {@code senderId} is null for SYSTEM messages; {@code content} is null once deleted
 * (the row stays as a tombstone so the seq has no hole). {@code replyToSeq} names the message a reply answers in the
 * same room; {@code reactions} holds the reaction counts as JSON (see {@link dev.moim.view.Reactions}), null for none.
 */
public record ChatMessage(UUID id, long roomId, long seq, Long senderId, String clientMsgId, MessageType type,
                          String content, String meta, Instant createdAt, Instant editedAt, Instant deletedAt,
                          Long replyToSeq, String reactions) {

    /** A message that answers none, without reactions. */
    public ChatMessage(UUID id, long roomId, long seq, Long senderId, String clientMsgId, MessageType type,
                       String content, String meta, Instant createdAt, Instant editedAt, Instant deletedAt) {
        this(id, roomId, seq, senderId, clientMsgId, type, content, meta, createdAt, editedAt, deletedAt, null, null);
    }

    public boolean deleted() {
        return deletedAt != null;
    }

    /** This message with its text edited at {@code at}. */
    public ChatMessage edited(String newContent, Instant at) {
        return new ChatMessage(id, roomId, seq, senderId, clientMsgId, type, newContent, meta, createdAt, at, deletedAt,
                replyToSeq, reactions);
    }

    /** This message's tombstone, deleted at {@code at}: no text and no reactions remain. */
    public ChatMessage tombstone(Instant at) {
        return new ChatMessage(id, roomId, seq, senderId, clientMsgId, type, null, meta, createdAt, editedAt, at,
                replyToSeq, null);
    }
}
