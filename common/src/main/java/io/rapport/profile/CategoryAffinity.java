package io.rapport.profile;

/**
 * How strongly a customer leans to a category: the sum of the weights of their interactions with
 * it, each halved for every half-life that has passed since (see {@link AffinityDecay}).
 */
public record CategoryAffinity(String category, double affinity) {}
