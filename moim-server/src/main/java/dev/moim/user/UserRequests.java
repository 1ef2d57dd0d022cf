package dev.moim.user;

import jakarta.validation.constraints.Size;

public final class UserRequests {

    private UserRequests() {
    }

    /** Fields left out (null) stay as they are. */
    public record Profile(@Size(max = 40) String nickname, @Size(max = 200) String statusMessage) {
    }
}
