package dev.moim.view;

import java.util.List;
import java.util.UUID;

/**
 * A GROUP room's public settings, as the {@code room_updated} event carries them; never the password, only whether
 * there is one. {@code memberLimit} null: the server's {@code moim.rooms.max-members}.
 */
public record RoomSettings(String name, String description, List<String> tags, UUID coverAttachmentId,
                           JoinPolicy joinPolicy, boolean hasPassword, Integer memberLimit) {
}
