package io.rapport.event;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads typed fields of a JSON object for the admin validators (offers, campaigns) and refuses a
 * broken one with an {@link InvalidEventException} whose field is the JSON path, {@code
 * <path>.<name>}. Ids follow the id limits of events (1 to {@link Limits#maxIdLength()} characters,
 * no control characters); texts are non-blank, at most {@value #MAX_TEXT_LENGTH} characters, without
 * control characters;
 * times are ISO-8601 with a zone. Thread-safe.
 */
public final class JsonFields {
    public static final int MAX_TEXT_LENGTH = 1_000;

    private final Limits limits;

    public JsonFields(Limits limits) {
        this.limits = limits;
    }

    /** A required non-blank string of at most {@value #MAX_TEXT_LENGTH} characters, without control characters. */
    public String text(JsonNode node, String path, String name) {
        String value = string(node, path, name);
        if (Limits.longerThan(value, MAX_TEXT_LENGTH)) {
            throw new InvalidEventException(path + "." + name, "is longer than " + MAX_TEXT_LENGTH + " characters");
        }
        Limits.checkPrintable(path + "." + name, value, false); // titles reach apps, logs and HTML
        return value;
    }

    /** A required id. */
    public String id(JsonNode node, String path, String name) {
        return checkId(path + "." + name, string(node, path, name));
    }

    private static String string(JsonNode node, String path, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            throw new InvalidEventException(path + "." + name, "is required");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new InvalidEventException(path + "." + name, "must be a non-empty string");
        }
        return v.asText();
    }

    private String checkId(String field, String value) {
        if (value.isEmpty() || Limits.longerThan(value, limits.maxIdLength())) {
            throw new InvalidEventException(field, "must be 1 to " + limits.maxIdLength() + " characters");
        }
        Limits.checkPrintable(field, value, false);
        return Limits.checkIdText(field, value);
    }

    /** A list of ids, duplicates dropped, in order; non-empty when {@code required}, else default {@code []}. */
    public List<String> ids(JsonNode node, String path, String name, boolean required) {
        JsonNode v = node.get(name);
        String field = path + "." + name;
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidEventException(field, "is required");
            }
            return List.of();
        }
        if (!v.isArray() || (required && v.isEmpty())) {
            throw new InvalidEventException(
                    field, required ? "must be a non-empty list of ids" : "must be a list of ids");
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < v.size(); i++) {
            JsonNode id = v.get(i);
            if (!id.isTextual()) {
                throw new InvalidEventException(field + "[" + i + "]", "must be a string");
            }
            ids.add(checkId(field + "[" + i + "]", id.asText()));
        }
        return List.copyOf(ids);
    }

    /** An optional boolean, false when absent. */
    public boolean bool(JsonNode node, String path, String name) {
        JsonNode v = node.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new InvalidEventException(path + "." + name, "must be true or false");
        }
        return v.asBoolean();
    }

    /**
     * A finite number in {@code [min, max]} ({@code max} {@link Double#MAX_VALUE} for no upper
     * bound); {@code defaultValue} when absent, required when that is null.
     */
    public double number(JsonNode node, String path, String name, Double defaultValue, double min, double max) {
        JsonNode v = node.get(name);
        String field = path + "." + name;
        if (v == null || v.isNull()) {
            if (defaultValue == null) {
                throw new InvalidEventException(field, "is required");
            }
            return defaultValue;
        }
        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < min || v.asDouble() > max) {
            throw new InvalidEventException(
                    field,
                    max == Double.MAX_VALUE
                            ? "must be a finite number >= " + fmt(min)
                            : "must be a number from " + fmt(min) + " to " + fmt(max));
        }
        return v.asDouble();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** The earliest and latest instants {@link #instant} takes: years 0001 to 9999, as in ISO-8601's basic form. */
    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");

    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    /**
     * A required ISO-8601 date-time with a zone, in the years 0001 to 9999 (UTC): a date the
     * formatter takes beyond them, such as {@code +292278995-01-01T00:00:00Z}, is past what epoch
     * milliseconds hold.
     */
    public Instant instant(JsonNode node, String path, String name) {
        JsonNode v = node.get(name);
        String field = path + "." + name;
        if (v == null || v.isNull()) {
            throw new InvalidEventException(field, "is required");
        }
        if (v.isTextual()) {
            Instant at = null;
            try {
                at = OffsetDateTime.parse(v.asText()).toInstant();
            } catch (DateTimeParseException e) {
                // reported below
            }
            if (at != null) {
                if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                    throw new InvalidEventException(field, "must lie in the years 0001 to 9999 (UTC)");
                }
                return at;
            }
        }
        throw new InvalidEventException(field, "must be an ISO-8601 date-time with a zone, e.g. 2026-01-01T00:00:00Z");
    }
}
