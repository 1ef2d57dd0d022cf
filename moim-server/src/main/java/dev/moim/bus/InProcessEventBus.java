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
        listeners.each(listener -> listener.onCommit(commit));
    }

    @Override
    public void publish(RoomEvent event) {
        listeners.each(listener -> listener.onRoomEvent(event));
    }

    @Override
    public void publish(NodeNotice notice) {
        listeners.each(listener -> listener.onNotice(notice));
    }

    @Override
    public void publishToUser(long userId, UserEvent event) {
        listeners.each(listener -> listener.onUserEvent(userId, event));
    }
}
