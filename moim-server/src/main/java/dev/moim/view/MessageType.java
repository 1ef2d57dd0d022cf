package dev.moim.view;

/** TEXT is what clients send; SYSTEM messages are written by the server for membership changes. */
public enum MessageType {
    TEXT,
    SYSTEM
}
