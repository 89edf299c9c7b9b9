package io.rapport.coview;

/**
 * The population of co-view counting: {@code sessions} view sessions currently counted, published
 * on the {@code totals} topic under {@code Topics.VIEW_SESSIONS_KEY}.
 */
public record ViewSessionTotals(long sessions) {}
