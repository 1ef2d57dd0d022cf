package dev.moim.file;

import java.util.Optional;
import java.util.UUID;

import dev.moim.room.RoomPhotos;
import org.springframework.stereotype.Component;

/** The photos a room's cover may be chosen from, for the rooms feature (which does not know files). */
@Component
class RoomCoverPhotos implements RoomPhotos {

    private final AttachmentStore store;

    RoomCoverPhotos(AttachmentStore store) {
        this.store = store;
    }

    @Override
    public Optional<Photo> find(UUID attachmentId) {
        return store.find(attachmentId)
                .filter(a -> a.kind() == AttachmentKind.IMAGE && a.stored() && a.deletedAt() == null)
                .map(a -> new Photo(a.id(), a.roomId(), a.ownerId(), a.messageSeq()));
    }
}
