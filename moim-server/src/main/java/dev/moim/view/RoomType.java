package dev.moim.view;

/** DIRECT joins exactly two users, once per pair; GROUP has a name, an owner and any number of members. */
public enum RoomType {
    DIRECT,
    GROUP
}
