package dev.moim.bus;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Single-node bus (the embedded default): hands each event straight to this node's listeners, in their {@code @Order}. */
@Component
@Profile("!redis")
public class InProcessEventBus implements EventBus {

    private final Listeners listeners;

    public InProcessEventBus(ObjectProvider<Listener> listenerProvider) {
        this.listeners = new Listeners(listenerProvider);
    }

    @Override
    public void publish(RoomCommit commit) {
        for (Listener listener : listeners.get()) {
            listener.onCommit(commit);
        }
    }

    @Override
    public void publish(RoomEvent event) {
        for (Listener listener : listeners.get()) {
            listener.onRoomEvent(event);
        }
    }

    @Override
    public void publish(NodeNotice notice) {
        for (Listener listener : listeners.get()) {
            listener.onNotice(notice);
        }
    }

    @Override
    public void publishToUser(long userId, UserEvent event) {
        for (Listener listener : listeners.get()) {
            listener.onUserEvent(userId, event);
        }
    }

}
