package dev.moim.view;

import java.util.List;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A photo or file a message carries, as clients see it: enough to lay the message out (sizes, name) before anything
 * is downloaded. The bytes are at {@code /api/v1/attachments/{id}} and, for a photo, {@code .../thumbnail}.
 * {@code frames} above 1 is an animation; {@code thumbnail} is null for a file.
 */
public record AttachmentView(UUID id, String kind, String name, String contentType, long size, Integer width,
                             Integer height, int frames, Thumbnail thumbnail) {

    public record Thumbnail(int width, int height) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<List<AttachmentView>> LIST = new TypeReference<>() {
    };

    /** Stored as JSON in the message's meta column, so that history and events need no join. */
    public static String encode(List<AttachmentView> attachments) {
        return JSON.writeValueAsString(attachments);
    }

    public static List<AttachmentView> decode(String meta) {
        return meta == null ? List.of() : JSON.readValue(meta, LIST);
    }
}
