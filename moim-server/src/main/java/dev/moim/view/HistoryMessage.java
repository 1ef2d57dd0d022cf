package dev.moim.view;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonUnwrapped;

/**
 * A message as history shows it to one member: the message everyone sees, plus {@code myReactions}, the emojis
 * this member put on it. Live events carry the message alone, since one event goes to the whole room.
 */
public record HistoryMessage(@JsonUnwrapped MessageView message, List<String> myReactions) {
}
