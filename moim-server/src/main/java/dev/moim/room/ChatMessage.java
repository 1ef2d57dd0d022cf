package dev.moim.room;

import java.time.Instant;
import java.util.UUID;

import dev.moim.view.MessageType;

/**
 * A message as stored. {@code senderId} is null for SYSTEM messages; {@code content} is null once deleted
 * (the row stays as a tombstone so the seq has no hole).
 */
public record ChatMessage(UUID id, long roomId, long seq, Long senderId, String clientMsgId, MessageType type,
                          String content, String meta, Instant createdAt, Instant editedAt, Instant deletedAt) {

    public boolean deleted() {
        return deletedAt != null;
    }
}
