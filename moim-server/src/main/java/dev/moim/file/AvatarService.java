package dev.moim.file;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.moim.bus.EventBus;
import dev.moim.bus.NodeNotice;
import dev.moim.common.ErrorCode;
import dev.moim.common.MoimException;
import dev.moim.common.RateLimits;
import dev.moim.config.MoimProperties;
import dev.moim.user.UserService;
import dev.moim.user.UserStore;
import dev.moim.user.UserViews;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Profile pictures: a photo cropped to a square and kept at two sizes (512 and 128 px), re-encoded so that nothing
 * of the original file (metadata, hidden payloads) survives. Each new picture has a new id, so clients cache them
 * for good; the old one's bytes are deleted once the new one is in place.
 */
@Service
public class AvatarService {

    private static final Logger log = LoggerFactory.getLogger(AvatarService.class);

    public enum Size { LARGE, SMALL }

    private final UploadInspector inspector;
    private final UploadSpool spool;
    private final FileStorage storage;
    private final UserStore users;
    private final UserService userService;
    private final EventBus bus;
    private final RateLimits rateLimits;
    private final TransactionTemplate tx;
    private final long maxPhotoBytes;

    public AvatarService(UploadInspector inspector, UploadSpool spool, FileStorage storage, UserStore users,
                         UserService userService, EventBus bus, RateLimits rateLimits, TransactionTemplate tx,
                         MoimProperties properties) {
        this.inspector = inspector;
        this.spool = spool;
        this.storage = storage;
        this.users = users;
        this.userService = userService;
        this.bus = bus;
        this.rateLimits = rateLimits;
        this.tx = tx;
        this.maxPhotoBytes = properties.files().maxPhotoSize().toBytes();
    }

    static String key(UUID avatarId, Size size) {
        return "avatars/" + avatarId + (size == Size.LARGE ? "-512" : "-128");
    }

    /** Replaces the caller's picture; {@code x, y, size} choose the square (all or none; none: the centred square). */
    public UserViews.Me upload(long userId, Integer x, Integer y, Integer size, long declaredLength, InputStream body) {
        Crop crop = crop(x, y, size);
        rateLimits.checkUpload(userId);
        MoimException tooLarge = new MoimException(ErrorCode.FILE_TOO_LARGE,
                "Profile pictures are limited to " + AttachmentService.megabytes(maxPhotoBytes) + " MB");
        if (declaredLength > maxPhotoBytes) {
            throw tooLarge;
        }
        List<Path> temporary = new ArrayList<>();
        UUID avatarId = UUID.randomUUID();
        try {
            Path received = spool.receive(body, maxPhotoBytes, () -> tooLarge);
            temporary.add(received);
            AvatarImages images = inspector.avatar(received, crop, spool.directory());
            temporary.add(images.large());
            temporary.add(images.small());
            try {
                storage.put(key(avatarId, Size.LARGE), images.large(), images.contentType());
                storage.put(key(avatarId, Size.SMALL), images.small(), images.contentType());
            } catch (RuntimeException e) {
                log.warn("Storing a profile picture failed", e);
                deleteObjects(avatarId);
                throw new MoimException(ErrorCode.SERVER_BUSY, "The picture could not be stored; try again shortly");
            }
            replace(userId, avatarId, images.contentType());
            return userService.me(userId);
        } finally {
            temporary.forEach(AttachmentService::deleteQuietly);
        }
    }

    public UserViews.Me remove(long userId) {
        replace(userId, null, null);
        return userService.me(userId);
    }

    private void replace(long userId, UUID avatarId, String contentType) {
        UUID old = tx.execute(status -> users.replaceAvatar(userId, avatarId, contentType).orElse(null));
        // Every node's directory forgets the old picture (this node's before publish returns).
        bus.publish(new NodeNotice.UserChanged(userId));
        if (old != null) {
            deleteObjects(old);
        }
    }

    private void deleteObjects(UUID avatarId) {
        try {
            storage.delete(key(avatarId, Size.LARGE));
            storage.delete(key(avatarId, Size.SMALL));
        } catch (RuntimeException e) {
            log.warn("Deleting profile picture {} failed; its bytes stay in the storage", avatarId, e);
        }
    }

    /** Any signed-in user may see anyone's picture, as with nicknames; only the current one is served. */
    Downloads.Served picture(long userId, UUID avatarId, String size) {
        Size wanted = size == null || size.equals("small") ? Size.SMALL : size.equals("large") ? Size.LARGE : null;
        if (wanted == null) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "size must be small or large");
        }
        String type = users.avatarType(userId, avatarId)
                .orElseThrow(() -> new MoimException(ErrorCode.NOT_FOUND, "No such profile picture"));
        String key = key(avatarId, wanted);
        long bytes = storage.stat(key).map(FileStorage.StoredObject::size)
                .orElseThrow(() -> new MoimException(ErrorCode.NOT_FOUND, "No such profile picture"));
        String extension = type.equals("image/png") ? ".png" : ".jpg";
        return new Downloads.Served('"' + avatarId.toString() + "-" + wanted.name().toLowerCase() + '"', key,
                "profile-" + userId + extension, type, true, bytes);
    }

    private static Crop crop(Integer x, Integer y, Integer size) {
        if (x == null && y == null && size == null) {
            return null;
        }
        if (x == null || y == null || size == null) {
            throw new MoimException(ErrorCode.VALIDATION_FAILED, "x, y and size go together (or none of them)");
        }
        return new Crop(x, y, size);
    }
}
