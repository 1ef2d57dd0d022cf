package dev.moim.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.common.Times;
import dev.moim.config.MoimProperties;
import dev.moim.room.ChatMessage;
import dev.moim.room.MessageStore;
import dev.moim.room.RoomDirectory;
import dev.moim.room.RoomState;
import dev.moim.room.RoomWriter;
import dev.moim.view.AttachmentView;
import dev.moim.view.MessageType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Photos and files in rooms: uploads (checked, stripped, thumbnailed, counted against quotas), the messages that
 * carry them, who may download them, and their deletion with the message.
 */
@Service
public class AttachmentService {

    private static final Logger log = LoggerFactory.getLogger(AttachmentService.class);
    private static final int MAX_IDEMPOTENCY_KEY = 64;
    static final int MAX_GALLERY_PAGE = 100;

    private final AttachmentStore store;
    private final FileStorage storage;
    private final UploadInspector inspector;
    private final UploadSpool spool;
    private final RoomDirectory rooms;
    private final MessageStore messages;
    private final RateLimits rateLimits;
    private final TransactionTemplate tx;
    private final MoimProperties.Files limits;
    private final TimeBasedEpochGenerator ids = Generators.timeBasedEpochGenerator();

    public AttachmentService(AttachmentStore store, FileStorage storage, UploadInspector inspector, UploadSpool spool,
                             RoomDirectory rooms, MessageStore messages, RateLimits rateLimits, TransactionTemplate tx,
                             MoimProperties properties) {
        this.store = store;
        this.storage = storage;
        this.inspector = inspector;
        this.spool = spool;
        this.rooms = rooms;
        this.messages = messages;
        this.rateLimits = rateLimits;
        this.tx = tx;
        this.limits = properties.files();
    }

    /** An upload's answer; {@code created} is false when it is the first upload of a retried one (same key). */
    public record Uploaded(AttachmentView attachment, boolean created) {
    }

    /**
     * Takes an upload to a room. {@code requestedKind} null lets the bytes decide (a photo becomes IMAGE, anything
     * else FILE). With an {@code idempotencyKey}, a retry returns the first upload instead of storing a copy.
     */
    public Uploaded upload(long userId, long roomId, String fileName, String requestedKind, String idempotencyKey,
                           long declaredLength, InputStream body) {
        String name = UploadInspector.validName(fileName);
        AttachmentKind requested = parseKind(requestedKind);
        String key = validKey(idempotencyKey);
        rooms.member(roomId, userId);
        if (key != null) {
            Attachment earlier = store.findByIdempotencyKey(userId, key).orElse(null);
            if (earlier != null) {
                return new Uploaded(replay(earlier, roomId), false);
            }
        }
        rateLimits.checkUpload(userId);
        long limit = requested == AttachmentKind.IMAGE ? limits.maxPhotoSize().toBytes() : limits.maxFileSize().toBytes();
        if (declaredLength == 0) {
            throw new MoimException(ErrorCode.EMPTY_FILE, "The file is empty");
        }
        if (declaredLength > limit) {
            throw tooLarge(requested, limit);
        }
        if (declaredLength > 0) {
            checkQuotas(userId, roomId, declaredLength);
        }

        List<Path> temporary = new ArrayList<>();
        try {
            Path received = spool.receive(body, limit, () -> tooLarge(requested, limit));
            temporary.add(received);
            Inspection inspection = inspector.inspect(received, name, requested, spool.directory());
            temporary.add(inspection.content());
            Thumbnail thumbnail = inspection.thumbnail();
            if (thumbnail != null) {
                temporary.add(thumbnail.path());
            }
            Attachment attachment = new Attachment(ids.generate(), userId, roomId, inspection.kind(), inspection.name(),
                    inspection.contentType(), inspection.size(), inspection.width(), inspection.height(),
                    Math.max(1, inspection.frames()), thumbnail == null ? null : thumbnail.contentType(),
                    thumbnail == null ? null : thumbnail.width(), thumbnail == null ? null : thumbnail.height(),
                    thumbnail == null ? null : thumbnail.size(), key, null, null, Times.now(), null, null);
            try {
                tx.executeWithoutResult(status -> {
                    store.lockOwner(userId);
                    checkQuotas(userId, roomId, attachment.footprint());
                    store.insert(attachment);
                });
            } catch (DuplicateKeyException raced) {
                // A retry with the same key got in first: it is the upload.
                Attachment first = store.findByIdempotencyKey(userId, key).orElseThrow(() -> raced);
                return new Uploaded(replay(first, roomId), false);
            }
            store(attachment, inspection);
            return new Uploaded(attachment.view(), true);
        } finally {
            temporary.forEach(AttachmentService::deleteQuietly);
        }
    }

    /** Writes the bytes, then marks the row stored; if the storage fails, the row goes too and nothing is left. */
    private void store(Attachment attachment, Inspection inspection) {
        try {
            storage.put(attachment.key(), inspection.content(), attachment.contentType());
            if (inspection.thumbnail() != null) {
                storage.put(attachment.thumbnailKey(), inspection.thumbnail().path(), inspection.thumbnail().contentType());
            }
            store.markStored(attachment.id(), Times.now());
        } catch (RuntimeException e) {
            log.warn("Storing upload {} failed; it is refused", attachment.id(), e);
            try {
                storage.delete(attachment.key());
                storage.delete(attachment.thumbnailKey());
                store.delete(attachment.id());
            } catch (RuntimeException cleanup) {
                // The row stays unstored: the janitor deletes it, and its objects, once it is an orphan.
                log.warn("Cleaning up after upload {} failed", attachment.id(), cleanup);
            }
            throw new MoimException(ErrorCode.SERVER_BUSY, "The file could not be stored; try again shortly");
        }
    }

    private AttachmentView replay(Attachment earlier, long roomId) {
        if (earlier.roomId() != roomId) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED,
                    "This Idempotency-Key was already used for an upload to another room");
        }
        if (earlier.deletedAt() != null) {
            throw new MoimException(ErrorCode.ATTACHMENT_UNAVAILABLE, "The upload with this Idempotency-Key was deleted");
        }
        if (!earlier.stored()) {
            throw new MoimException(ErrorCode.ATTACHMENT_UNAVAILABLE,
                    "The upload with this Idempotency-Key is still being stored; try again shortly");
        }
        return earlier.view();
    }

    private void checkQuotas(long userId, long roomId, long adding) {
        long userQuota = limits.userQuota().toBytes();
        if (store.usageByOwner(userId) + adding > userQuota) {
            throw new MoimException(ErrorCode.QUOTA_EXCEEDED, "Your files would take more than your "
                    + megabytes(userQuota) + " MB; delete some messages with files first");
        }
        long roomQuota = limits.roomQuota().toBytes();
        if (store.usageByRoom(roomId) + adding > roomQuota) {
            throw new MoimException(ErrorCode.QUOTA_EXCEEDED, "This room's files would take more than its "
                    + megabytes(roomQuota) + " MB");
        }
    }

    private static MoimException tooLarge(AttachmentKind requested, long limit) {
        String what = requested == AttachmentKind.IMAGE ? "Photos" : "Files";
        return new MoimException(ErrorCode.FILE_TOO_LARGE, what + " are limited to " + megabytes(limit) + " MB");
    }

    static long megabytes(long bytes) {
        return bytes / (1024 * 1024);
    }

    /** What a message of {@code type} carrying {@code attachmentIds} stores, and the claim its transaction makes. */
    public record Carried(String meta, RoomWriter.Claim claim) {
        static final Carried NOTHING = new Carried(null, null);
    }

    /**
     * Checks that the uploads may go with this message: the sender's own, to this room, stored, carried by no other
     * message, and of the message's kind (an IMAGE message carries 1 to max-photos-per-message photos, a FILE message
     * one file). The claim in the message's transaction makes that exact under races.
     */
    public Carried carried(long userId, long roomId, MessageType type, String clientMsgId, List<UUID> attachmentIds) {
        List<UUID> wanted = attachmentIds == null ? List.of() : attachmentIds;
        if (!type.carriesFiles()) {
            if (!wanted.isEmpty()) {
                throw new MoimException(ErrorCode.VALIDATION_FAILED, "Only IMAGE and FILE messages carry attachments");
            }
            return Carried.NOTHING;
        }
        int most = type == MessageType.IMAGE ? limits.maxPhotosPerMessage() : 1;
        if (wanted.isEmpty() || wanted.size() > most) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, type == MessageType.IMAGE
                    ? "An IMAGE message carries 1 to " + most + " photos"
                    : "A FILE message carries exactly one file");
        }
        if (wanted.contains(null) || new HashSet<>(wanted).size() != wanted.size()) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "attachmentIds must be distinct ids");
        }
        Map<UUID, Attachment> found = store.findAll(wanted).stream()
                .collect(Collectors.toMap(Attachment::id, Function.identity()));
        List<AttachmentView> views = new ArrayList<>();
        Long carriedBy = null;
        for (UUID id : wanted) {
            Attachment a = found.get(id);
            if (a == null || a.ownerId() != userId || a.deletedAt() != null) {
                throw new MoimException(ErrorCode.ATTACHMENT_NOT_FOUND, "No upload " + id + " of yours");
            }
            if (a.roomId() != roomId) {
                throw new MoimException(ErrorCode.ATTACHMENT_UNAVAILABLE, "Upload " + id + " was made to another room");
            }
            if (!a.stored()) {
                throw new MoimException(ErrorCode.ATTACHMENT_UNAVAILABLE, "Upload " + id + " is still being stored");
            }
            if (!a.kind().name().equals(type.name())) {
                throw new MoimException(ErrorCode.ATTACHMENT_UNAVAILABLE, "Upload " + id + " is a "
                        + a.kind().name().toLowerCase() + "; a " + type + " message cannot carry it");
            }
            if (a.messageSeq() != null) {
                carriedBy = a.messageSeq();
            }
            views.add(a.view());
        }
        if (carriedBy != null) {
            // Carried already: fine only for a resend of that very message, which the writer answers with the original.
            if (clientMsgId != null && isResend(roomId, carriedBy, userId, clientMsgId, found.values())) {
                return Carried.NOTHING;
            }
            throw new MoimException(ErrorCode.ATTACHMENT_UNAVAILABLE, "An upload can go with one message only");
        }
        List<UUID> claimed = List.copyOf(wanted);
        return new Carried(AttachmentView.encode(views), message -> {
            if (store.claim(claimed, userId, roomId, message.seq()) != claimed.size()) {
                throw new MoimException(ErrorCode.ATTACHMENT_UNAVAILABLE, "An upload can go with one message only");
            }
        });
    }

    private boolean isResend(long roomId, long seq, long userId, String clientMsgId, Collection<Attachment> all) {
        if (all.stream().anyMatch(a -> a.messageSeq() == null || a.messageSeq() != seq)) {
            return false;
        }
        ChatMessage original = messages.find(roomId, seq).orElse(null);
        return original != null && original.senderId() != null && original.senderId() == userId
                && clientMsgId.equals(original.clientMsgId());
    }

    /** In the transaction that deletes the message: its files vanish now and their bytes go after the grace period. */
    public void release(long roomId, long seq, Instant now) {
        store.release(roomId, seq, now, now.plus(limits.deleteGrace()));
    }

    /** Bytes a member may download: the file itself, or a photo's thumbnail. */
    public record Download(UUID id, String key, String name, String contentType, AttachmentKind kind, long size) {
    }

    /**
     * The upload, if the user may see it: a member of its room who joined before the message that carries it, or
     * its uploader before any message does. Anything else is ATTACHMENT_NOT_FOUND, which says nothing about whether
     * it exists.
     */
    public Download download(long userId, UUID id, boolean thumbnail) {
        Attachment a = visible(userId, id);
        if (thumbnail) {
            if (a.thumbType() == null) {
                throw new MoimException(ErrorCode.ATTACHMENT_NOT_FOUND, "Attachment " + id + " has no thumbnail");
            }
            return new Download(a.id(), a.thumbnailKey(), a.name(), a.thumbType(), a.kind(), a.thumbSize());
        }
        return new Download(a.id(), a.key(), a.name(), a.contentType(), a.kind(), a.size());
    }

    /**
     * A room's cover: for its members, and for anyone signed in when the room is in the directory (OPEN or REQUEST),
     * whenever they joined. ATTACHMENT_NOT_FOUND when there is none, or it was deleted with its message.
     */
    public Download cover(long userId, long roomId, boolean thumbnail) {
        RoomState room = rooms.room(roomId);
        UUID cover = room.coverAttachmentId();
        MoimException none = new MoimException(ErrorCode.ATTACHMENT_NOT_FOUND, "Room " + roomId + " has no cover");
        if (cover == null || !(room.listed() || rooms.admits(roomId, userId))) {
            throw none;
        }
        Attachment a = store.find(cover).orElseThrow(() -> none);
        if (!a.stored() || a.deletedAt() != null || a.roomId() != roomId || a.kind() != AttachmentKind.IMAGE) {
            throw none;
        }
        if (thumbnail && a.thumbType() != null) {
            return new Download(a.id(), a.thumbnailKey(), a.name(), a.thumbType(), a.kind(), a.thumbSize());
        }
        return new Download(a.id(), a.key(), a.name(), a.contentType(), a.kind(), a.size());
    }

    private Attachment visible(long userId, UUID id) {
        MoimException notFound = new MoimException(ErrorCode.ATTACHMENT_NOT_FOUND, "No attachment " + id);
        Attachment a = store.find(id).orElseThrow(() -> notFound);
        if (!a.stored() || a.deletedAt() != null) {
            throw notFound;
        }
        if (a.messageSeq() == null) {
            if (a.ownerId() != userId) {
                throw notFound;
            }
            return a;
        }
        RoomState.Member member;
        try {
            member = rooms.member(a.roomId(), userId);
        } catch (MoimException notMember) {
            throw notFound;
        }
        if (a.messageSeq() <= member.joinedSeq()) {
            throw notFound;
        }
        return a;
    }

    /** One photo or file of a room's gallery, with the message that carries it. */
    public record GalleryItem(long seq, long senderId, Instant createdAt, AttachmentView attachment) {
    }

    public record Gallery(List<GalleryItem> items, boolean hasMore) {
    }

    /** A room's photos (or files), newest first, as far back as the member's join. */
    public Gallery gallery(long userId, long roomId, String kind, Long beforeSeq, Integer limit) {
        RoomState.Member member = rooms.member(roomId, userId);
        AttachmentKind parsed = parseKind(kind);
        AttachmentKind wanted = parsed == null ? AttachmentKind.IMAGE : parsed;
        int size = limit == null ? 50 : limit;
        if (size < 1 || size > MAX_GALLERY_PAGE) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "limit must be between 1 and " + MAX_GALLERY_PAGE);
        }
        if (beforeSeq != null && beforeSeq < 1) {
            throw new MoimException(ErrorCode.INVALID_SEQ, "beforeSeq must be 1 or more");
        }
        List<Attachment> rows = new ArrayList<>(store.gallery(roomId, wanted, member.joinedSeq(),
                beforeSeq == null ? Long.MAX_VALUE : beforeSeq - 1, size + 1));
        boolean hasMore = rows.size() > size;
        if (hasMore) {
            // A page never ends inside an album: the message it would cut is completed, so paging by seq loses nothing.
            Attachment last = rows.get(size - 1);
            rows = new ArrayList<>(rows.subList(0, size));
            rows.addAll(store.restOfMessage(roomId, wanted, last.messageSeq(), last.position() + 1));
            hasMore = !store.gallery(roomId, wanted, member.joinedSeq(), last.messageSeq() - 1, 1).isEmpty();
        }
        List<GalleryItem> items = rows.stream()
                .map(a -> new GalleryItem(a.messageSeq(), a.ownerId(), a.createdAt(), a.view())).toList();
        return new Gallery(items, hasMore);
    }

    private static AttachmentKind parseKind(String kind) {
        if (kind == null || kind.isEmpty()) {
            return null;
        }
        return switch (kind) {
            case "IMAGE" -> AttachmentKind.IMAGE;
            case "FILE" -> AttachmentKind.FILE;
            default -> throw new MoimException(ErrorCode.VALIDATION_FAILED, "kind must be IMAGE or FILE");
        };
    }

    private static String validKey(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > MAX_IDEMPOTENCY_KEY || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED,
                    "Idempotency-Key must be 1 to " + MAX_IDEMPOTENCY_KEY + " visible ASCII characters");
        }
        return key;
    }

    static void deleteQuietly(Path path) {
        if (path == null) {
            return;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            log.warn("Could not delete the temporary file {}", path, e);
        }
    }
}
