package io.rapport.jobs.ingest;

/**
 * The value written to the dead-letter topic for an event that failed validation.
 *
 * @param reason the parser's message, which names the field
 * @param field JSON path of the offending field, e.g. {@code items[0].price}
 * @param raw the event as it arrived, its first {@value #MAX_RAW_CHARS} characters when longer (then
 *     followed by a note of its length), so that a letter stays far below a Kafka record's limit
 * @param at processing time of the refusal, epoch milliseconds
 */
public record DeadLetter(String reason, String field, String raw, long at) {
    /** Most characters of the raw event a letter keeps. */
    public static final int MAX_RAW_CHARS = 64 * 1024;

    /** A letter for {@code raw}, cut to {@link #MAX_RAW_CHARS} characters if longer. */
    public static DeadLetter of(String reason, String field, String raw, long at) {
        String kept = raw.length() <= MAX_RAW_CHARS
                ? raw
                : raw.substring(
                                0,
                                Character.isHighSurrogate(raw.charAt(MAX_RAW_CHARS - 1))
                                        ? MAX_RAW_CHARS - 1
                                        : MAX_RAW_CHARS)
                        + "... (cut: " + raw.length() + " characters in all)";
        return new DeadLetter(reason, field, kept, at);
    }
}
