package dev.moim.view;

import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A message's reaction counts, {@code {"👍": 2, "❤️": 1}}: stored as this JSON in the message's row (kept by the
 * transaction that changes a reaction), so history and events read them with the message and count nothing.
 */
public final class Reactions {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final TypeReference<LinkedHashMap<String, Integer>> COUNTS = new TypeReference<>() {
    };

    private Reactions() {
    }

    /** Null for no reactions, so a message nobody reacted to stores nothing. */
    public static String encode(Map<String, Integer> counts) {
        return counts.isEmpty() ? null : JSON.writeValueAsString(counts);
    }

    public static Map<String, Integer> decode(String stored) {
        return stored == null ? Map.of() : JSON.readValue(stored, COUNTS);
    }
}
