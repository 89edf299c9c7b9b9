package io.rapport.event;

/**
 * An event (or a request) broke a rule of the wire format. {@link #field()} is the JSON path of the
 * offending field, e.g. {@code events[2].items[0].price}, and the message names it too, so that a
 * caller can repair the event without reading the server's logs.
 */
public final class InvalidEventException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String field;
    private final boolean tooLarge;

    public InvalidEventException(String field, String reason) {
        this(field, reason, false);
    }

    private InvalidEventException(String field, String reason, boolean tooLarge) {
        super(field + ": " + reason, null, false, false);
        this.field = field;
        this.tooLarge = tooLarge;
    }

    /** A refusal because a size limit was passed (HTTP 413 rather than 400). */
    public static InvalidEventException tooLarge(String field, String reason) {
        return new InvalidEventException(field, reason, true);
    }

    public String field() {
        return field;
    }

    public boolean tooLarge() {
        return tooLarge;
    }

    /** The same refusal with its field path prefixed, e.g. {@code events[3]}. */
    public InvalidEventException under(String prefix) {
        String reason = getMessage().substring(field.length() + 2);
        return new InvalidEventException(prefix + "." + field, reason, tooLarge);
    }
}
