package dev.moim.message;

/** Bodies of the notice calls. */
public final class NoticeRequests {

    private NoticeRequests() {
    }

    /** Pins the message at {@code seq} as the room's notice. */
    public record Pin(Long seq) {
    }
}
