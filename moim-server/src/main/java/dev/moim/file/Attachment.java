package dev.moim.file;

import java.time.Instant;
import java.util.UUID;

import dev.moim.view.AttachmentView;

/**
 * An upload as stored. {@code messageSeq} is null until a message carries it; {@code storedAt} is null while its
 * bytes are still being written (the row comes first, so that no object is ever left without a row to clean it up).
 */
record Attachment(UUID id, long ownerId, long roomId, AttachmentKind kind, String name, String contentType, long size,
                  Integer width, Integer height, int frames, String thumbType, Integer thumbWidth, Integer thumbHeight,
                  Long thumbSize, String idempotencyKey, Long messageSeq, Integer position, Instant createdAt,
                  Instant storedAt, Instant deletedAt) {

    String key() {
        return "files/" + id;
    }

    String thumbnailKey() {
        return "thumbs/" + id;
    }

    /** Bytes it takes in the storage, thumbnail included: what quotas count. */
    long footprint() {
        return size + (thumbSize == null ? 0 : thumbSize);
    }

    boolean stored() {
        return storedAt != null;
    }

    AttachmentView view() {
        return new AttachmentView(id, kind.name(), name, contentType, size, width, height, frames,
                thumbWidth == null ? null : new AttachmentView.Thumbnail(thumbWidth, thumbHeight));
    }
}
