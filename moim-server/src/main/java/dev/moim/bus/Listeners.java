package dev.moim.bus;

import java.util.List;
import java.util.function.Consumer;

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

    /** Hands the publication to each listener in turn, in their order. */
    void each(Consumer<EventBus.Listener> delivery) {
        List<EventBus.Listener> current = listeners;
        if (current == null) {
            current = provider.orderedStream().toList();
            listeners = current;
        }
        for (EventBus.Listener listener : current) {
            delivery.accept(listener);
        }
    }
}
