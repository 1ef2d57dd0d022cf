package dev.moim.view;

/** The sender shown on a message. */
public record Sender(long id, String nickname) {
}
