package dev.moim.room;

import java.util.List;

import dev.moim.common.PlainText;
import dev.moim.view.RoomType;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public final class RoomRequests {

    private RoomRequests() {
    }

    /**
     * {@code memberIds} are the other people (the caller joins anyway). DIRECT takes exactly one;
     * GROUP needs a {@code name} and may set a {@code memberLimit}.
     */
    public record Create(@NotNull RoomType type, @Size(max = 100) @PlainText String name,
                         @Size(max = 1000) List<Long> memberIds,
                         Integer memberLimit) {
    }

    public record Invite(@NotEmpty @Size(max = 1000) List<Long> userIds) {
    }

    public record Owner(@NotNull Long userId) {
    }
}
