package dev.moim.presence;

/** The embedded default passes the one-node contract. */
class InProcessPresenceRegistryTest extends PresenceRegistryContract {

    @Override
    protected PresenceRegistry newNode() {
        return new InProcessPresenceRegistry();
    }
}
