package dev.moim.view;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** The members a TEXT message mentions, stored in its meta column as {@code M:id,id}. */
public final class Mentions {

    private static final String PREFIX = "M:";

    private Mentions() {
    }

    public static String encode(List<Long> userIds) {
        return userIds.isEmpty() ? null : PREFIX + userIds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    public static List<Long> decode(String meta) {
        if (meta == null || !meta.startsWith(PREFIX)) {
            return List.of();
        }
        List<Long> ids = new ArrayList<>();
        for (String id : meta.substring(PREFIX.length()).split(",")) {
            ids.add(Long.valueOf(id));
        }
        return ids;
    }
}
