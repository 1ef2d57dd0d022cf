package dev.moim.bench.load;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the few fields the bench needs from a room event body without building a tree: this runs once per
 * delivery, which is the bench's own hottest path.
 */
public final class RoomEvents {

    /** A {@code message} event: the message's room, seq and content. */
    public record Posted(long roomId, long seq, String content) {
    }

    /** Any other room event: its type, and for presence how many members' changes it carried. */
    public record Other(String type, int presenceChanges) {
    }

    private final JsonMapper json;

    public RoomEvents(JsonMapper json) {
        this.json = json;
    }

    /** The type of a room event that is not a posted message (read rarely: presence, typing, reads, ...), or null. */
    public Other other(String body) {
        JsonNode event;
        try {
            event = json.readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
        if (!event.isObject() || !event.path("type").isString()) {
            return null;
        }
        return new Other(event.path("type").asString(), event.path("users").size());
    }

    /** The posted message in {@code body}, or null for any other event (edits, read, presence, typing, ...). */
    public Posted posted(String body) {
        String type = null;
        long roomId = -1;
        long seq = -1;
        String content = null;
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (name.equals("type") && value == JsonToken.VALUE_STRING) {
                    type = parser.getString();
                } else if (name.equals("message") && value == JsonToken.START_OBJECT) {
                    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
                        String field = parser.currentName();
                        JsonToken fieldValue = parser.nextToken();
                        switch (field) {
                            case "roomId" -> roomId = fieldValue == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                            case "seq" -> seq = fieldValue == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1;
                            case "content" -> content = fieldValue == JsonToken.VALUE_STRING ? parser.getString() : null;
                            default -> parser.skipChildren();
                        }
                    }
                } else {
                    parser.skipChildren();
                }
            }
        }
        if (!"message".equals(type) || roomId < 0 || seq < 0) {
            return null;
        }
        return new Posted(roomId, seq, content);
    }
}
