package io.rapport.jobs.ingest;

/**
 * The value written to the dead-letter topic for an event that failed validation.
 *
 * @param reason the parser's message, which names the field
 * @param field JSON path of the offending field, e.g. {@code items[0].price}
 * @param raw the event exactly as it arrived
 * @param at processing time of the refusal, epoch milliseconds
 */
public record DeadLetter(String reason, String field, String raw, long at) {}
