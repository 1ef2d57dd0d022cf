package dev.moim.view;

import java.util.UUID;

/**
 * The sender shown on a message. {@code avatarId} names their profile picture (null: none), at
 * {@code /api/v1/users/{id}/avatar/{avatarId}}; a new picture gets a new id, so a client may cache one for good.
 */
public record Sender(long id, String nickname, UUID avatarId) {
}
