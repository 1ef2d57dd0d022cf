package dev.moim.presence;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link PresenceRegistry} adapter must do on one node. */
abstract class PresenceRegistryContract {

    protected abstract PresenceRegistry newNode();

    @Test
    void aUserIsOnlineFromTheirFirstSessionUntilTheirLast() {
        PresenceRegistry registry = newNode();
        assertThat(registry.isOnline(1)).isFalse();

        assertThat(registry.connected(1, "phone")).as("first session: came online").isTrue();
        assertThat(registry.connected(1, "laptop")).as("second session").isFalse();
        assertThat(registry.isOnline(1)).isTrue();

        assertThat(registry.disconnected(1, "phone")).as("one of two closed").isFalse();
        assertThat(registry.isOnline(1)).isTrue();
        assertThat(registry.disconnected(1, "laptop")).as("last session closed").isTrue();
        assertThat(registry.isOnline(1)).isFalse();
    }

    @Test
    void unknownSessionsAndOtherUsersChangeNothing() {
        PresenceRegistry registry = newNode();
        registry.connected(1, "phone");

        assertThat(registry.disconnected(1, "someone else's")).isFalse();
        assertThat(registry.disconnected(2, "phone")).isFalse();
        assertThat(registry.isOnline(1)).isTrue();
        assertThat(registry.isOnline(2)).isFalse();
        assertThat(registry.connected(2, "phone")).as("ids of sessions are per user").isTrue();
    }
}
