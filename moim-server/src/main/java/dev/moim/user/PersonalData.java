package dev.moim.user;

/**
 * What a feature keeps about a person, erased when they withdraw: each feature that keeps something implements this,
 * and the withdrawal runs them all in its transaction, so that no feature's table outlives the account.
 */
public interface PersonalData {

    void erase(long userId);
}
