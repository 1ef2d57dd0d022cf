package dev.moim.bus;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

/** The embedded default passes the one-node contract. */
class InProcessEventBusTest extends EventBusContract {

    @Override
    protected EventBus newBus(DefaultListableBeanFactory listeners) {
        return new InProcessEventBus(listeners.getBeanProvider(EventBus.Listener.class));
    }
}
