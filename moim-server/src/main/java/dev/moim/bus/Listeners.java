package dev.moim.bus;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;

/**
 * A node's bus listeners in their {@code @Order}, looked up on first use: the listeners (the relay, the caches)
 * depend on beans that depend on the bus, so they cannot be handed to it when it is made.
 */
final class Listeners {

    private final ObjectProvider<EventBus.Listener> provider;
    private volatile List<EventBus.Listener> listeners;

    Listeners(ObjectProvider<EventBus.Listener> provider) {
        this.provider = provider;
    }

    List<EventBus.Listener> get() {
        List<EventBus.Listener> current = listeners;
        if (current == null) {
            current = provider.orderedStream().toList();
            listeners = current;
        }
        return current;
    }
}
