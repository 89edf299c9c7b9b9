package io.rapport.profile;

/**
 * A buyer's recency, frequency and monetary quintile scores, each 1 (lowest fifth of buyers) to 5
 * (highest fifth); recency 5 means among the most recent buyers. See {@link RfmQuintiles}.
 */
public record RfmScores(int recency, int frequency, int monetary) {}
