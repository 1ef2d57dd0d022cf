package dev.moim.view;

/**
 * How people get into a GROUP room. PRIVATE: by invitation (or an invite link) only, and not listed. OPEN: listed in
 * the directory, anyone joins. REQUEST: listed, people apply and the owner or a manager approves or refuses.
 */
public enum JoinPolicy {
    PRIVATE,
    OPEN,
    REQUEST
}
