package dev.moim.realtime;

import java.security.Principal;

/** The user behind a STOMP session; its name (the user id) is what user destinations resolve. */
public record StompPrincipal(long userId) implements Principal {

    @Override
    public String getName() {
        return Long.toString(userId);
    }
}
