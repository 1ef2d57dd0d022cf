package dev.moim.user;

import dev.moim.common.PlainText;
import jakarta.validation.constraints.Size;

public final class UserRequests {

    private UserRequests() {
    }

    /** Fields left out (null) stay as they are. */
    public record Profile(@Size(max = 40) @PlainText String nickname, @Size(max = 200) @PlainText String statusMessage) {
    }
}
