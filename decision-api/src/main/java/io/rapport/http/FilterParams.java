package io.rapport.http;

import io.rapport.event.InvalidEventException;
import io.rapport.rank.ItemFilter;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;

/**
 * Reads the request-time filters of also-bought and recommendations ({@link ItemFilter}):
 * {@code category} and {@code excludeCategory} (ids, repeatable: {@code category=a&category=b}
 * keeps either), {@code excludePurchased} and {@code inStock} ({@code true|false}) and {@code
 * maxPerCategory} (an integer 1–{@value #MAX_PER_CATEGORY}; absent = no diversity cap), each of
 * these three at most once. A bad value is refused with a 400 naming the parameter.
 */
public final class FilterParams {
    static final int MAX_PER_CATEGORY = 100;

    private final RequestParams params;

    public FilterParams(RequestParams params) {
        this.params = params;
    }

    public ItemFilter filter(RoutingContext ctx) {
        var categories = new HashSet<>(params.queryIds(ctx, "category"));
        var excluded = new HashSet<>(params.queryIds(ctx, "excludeCategory"));
        boolean excludePurchased = bool(ctx, "excludePurchased", true);
        boolean inStock = bool(ctx, "inStock", false);
        int maxPerCategory = 0;
        String cap = RequestParams.singleQueryParam(ctx, "maxPerCategory");
        if (cap != null) {
            try {
                maxPerCategory = Integer.parseInt(cap);
            } catch (NumberFormatException e) {
                maxPerCategory = -1;
            }
            if (maxPerCategory < 1 || maxPerCategory > MAX_PER_CATEGORY) {
                throw new InvalidEventException("maxPerCategory", "must be an integer from 1 to " + MAX_PER_CATEGORY);
            }
        }
        return new ItemFilter(categories, excluded, excludePurchased, inStock, maxPerCategory);
    }

    private static boolean bool(RoutingContext ctx, String name, boolean defaultValue) {
        String value = RequestParams.singleQueryParam(ctx, name);
        if (value == null) {
            return defaultValue;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new InvalidEventException(name, "must be true or false");
        };
    }
}
