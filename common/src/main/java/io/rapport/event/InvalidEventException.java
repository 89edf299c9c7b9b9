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
    private final boolean element;

    public InvalidEventException(String field, String reason) {
        this(field, reason, false, false);
    }

    private InvalidEventException(String field, String reason, boolean tooLarge, boolean element) {
        super(field + ": " + reason, null, false, false);
        this.field = field;
        this.tooLarge = tooLarge;
        this.element = element;
    }

    /**
     * A refusal of a whole element, named {@code name} on its own (a single event body, {@code
     * event}) and by its place once {@link #under} an array ({@code events[1]}, not {@code
     * events[1].event}).
     */
    public static InvalidEventException ofElement(String name, String reason) {
        return new InvalidEventException(name, reason, false, true);
    }

    /** A refusal because a size limit was passed (HTTP 413 rather than 400). */
    public static InvalidEventException tooLarge(String field, String reason) {
        return new InvalidEventException(field, reason, true, false);
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
        return new InvalidEventException(element ? prefix : prefix + "." + field, reason, tooLarge, false);
    }
}
