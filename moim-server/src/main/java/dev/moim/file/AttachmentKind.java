package dev.moim.file;

/** What an upload becomes: a photo shown inline (metadata stripped, with a thumbnail) or a file kept as it came. */
public enum AttachmentKind {
    IMAGE, FILE
}
