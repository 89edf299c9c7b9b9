package io.rapport.http;

import io.rapport.event.InvalidEventException;
import io.rapport.event.Limits;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Reads and checks path and query parameters under the same rules as event fields (PRODUCT.md,
 * "Limits"). A refusal is an {@link InvalidEventException} naming the parameter, which the
 * failure handler turns into a 400. A parameter that takes one value ({@code limit}, {@code
 * customerId}, {@code channel}, {@code window}…) is refused when given twice, rather than one of
 * its values silently winning; only the filters' {@code category} and {@code excludeCategory}
 * repeat.
 */
public final class RequestParams {
    private final Limits limits;

    public RequestParams(Limits limits) {
        this.limits = limits;
    }

    /** A required path parameter holding an id; Vert.x has already percent-decoded it. */
    public String pathId(RoutingContext ctx, String name) {
        String value = ctx.pathParam(name);
        if (value == null || value.isEmpty()) {
            throw new InvalidEventException(name, "is required");
        }
        return Limits.checkIdText(name, checkId(name, value));
    }

    /** An optional query parameter holding an id; absent or empty gives null (anonymous visitor). */
    public String optionalQueryId(RoutingContext ctx, String name) {
        String value = singleQueryParam(ctx, name);
        return value == null || value.isEmpty() ? null : Limits.checkIdText(name, checkId(name, value));
    }

    /**
     * Every value of a repeatable query parameter holding categories; empty values are refused. A
     * category is free text in events, not an id ({@link Limits#checkIdText} does not apply).
     */
    public List<String> queryIds(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParams().getAll(name);
        for (String value : values) {
            if (value.isEmpty()) {
                throw new InvalidEventException(name, "must not be empty");
            }
            checkId(name, value);
        }
        return values;
    }

    /** The {@code limit} query parameter: an integer from 1 to the configured maximum. */
    public int limit(RoutingContext ctx, int defaultLimit) {
        String value = singleQueryParam(ctx, "limit");
        if (value == null) {
            return defaultLimit;
        }
        try {
            int limit = digits(value);
            if (limit >= 1 && limit <= limits.maxQueryLimit()) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below, with the same message as an out-of-range number
        }
        throw new InvalidEventException("limit", "must be an integer from 1 to " + limits.maxQueryLimit());
    }

    /**
     * A whole number written in ASCII digits only ({@code Integer.parseInt} also takes a sign and
     * other scripts' digits, such as the fullwidth {@code ５}).
     *
     * @throws NumberFormatException otherwise, or past 9 digits
     */
    static int digits(String value) {
        if (value.isEmpty() || value.length() > 9) {
            throw new NumberFormatException(value);
        }
        for (int i = 0; i < value.length(); i++) {
            if (value.charAt(i) < '0' || value.charAt(i) > '9') {
                throw new NumberFormatException(value);
            }
        }
        return Integer.parseInt(value);
    }

    /** The value of a query parameter that takes one value; null when absent, refused when repeated. */
    public static String singleQueryParam(RoutingContext ctx, String name) {
        List<String> values = ctx.queryParams().getAll(name);
        if (values.size() > 1) {
            throw new InvalidEventException(name, "must be given once");
        }
        return values.isEmpty() ? null : values.get(0);
    }

    private String checkId(String name, String value) {
        if (Limits.longerThan(value, limits.maxIdLength())) {
            throw new InvalidEventException(name, "is longer than " + limits.maxIdLength() + " characters");
        }
        if (Limits.hasControlCharacter(value)) {
            throw new InvalidEventException(name, "must not contain control characters");
        }
        return value;
    }
}
