package dev.moim.room;

import java.util.Optional;
import java.util.UUID;

/** Photos uploaded to rooms, for a room's cover. A port: the files feature implements it. */
public interface RoomPhotos {

    /** The upload if it is a photo that is stored and not deleted. */
    Optional<Photo> find(UUID attachmentId);

    /** {@code messageSeq}: the message that carries it (null while no message does, and it may yet be thrown away). */
    record Photo(UUID id, long roomId, long uploaderId, Long messageSeq) {
    }
}
