package dev.moim.view;

/**
 * TEXT, IMAGE and FILE are what clients send (an IMAGE message carries one photo or an album, a FILE message one
 * file; its content is an optional caption); SYSTEM messages are written by the server for membership changes.
 */
public enum MessageType {
    TEXT,
    SYSTEM,
    IMAGE,
    FILE;

    /** IMAGE and FILE messages carry uploads; their content is a caption, which may be empty. */
    public boolean carriesFiles() {
        return this == IMAGE || this == FILE;
    }
}
