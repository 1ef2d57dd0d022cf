package dev.moim.bus;

import java.util.List;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Single-node bus (the embedded default): hands each event straight to this node's listeners, in their {@code @Order}. */
@Component
@Profile("!redis")
public class InProcessEventBus implements EventBus {

    private final ObjectProvider<Listener> listenerProvider;
    private volatile List<Listener> listeners;

    public InProcessEventBus(ObjectProvider<Listener> listenerProvider) {
        this.listenerProvider = listenerProvider;
    }

    @Override
    public void publish(RoomCommit commit) {
        for (Listener listener : listeners()) {
            listener.onCommit(commit);
        }
    }

    @Override
    public void publish(RoomEvent event) {
        for (Listener listener : listeners()) {
            listener.onRoomEvent(event);
        }
    }

    @Override
    public void publish(NodeNotice notice) {
        for (Listener listener : listeners()) {
            listener.onNotice(notice);
        }
    }

    @Override
    public void publishToUser(long userId, UserEvent event) {
        for (Listener listener : listeners()) {
            listener.onUserEvent(userId, event);
        }
    }

    private List<Listener> listeners() {
        List<Listener> current = listeners;
        if (current == null) {
            current = listenerProvider.orderedStream().toList();
            listeners = current;
        }
        return current;
    }
}
