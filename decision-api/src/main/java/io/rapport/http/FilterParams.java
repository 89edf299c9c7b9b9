package io.rapport.http;

import io.rapport.event.InvalidEventException;
import io.rapport.rank.ItemFilter;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;

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
        List<String> categories = params.queryIds(ctx, "category");
        List<String> excluded = params.queryIds(ctx, "excludeCategory");
        boolean excludePurchased = bool(ctx, "excludePurchased", true);
        boolean inStock = bool(ctx, "inStock", false);
        int maxPerCategory = 0;
        String cap = RequestParams.singleQueryParam(ctx, "maxPerCategory");
        if (cap != null) {
            try {
                maxPerCategory = RequestParams.digits(cap);
            } catch (NumberFormatException e) {
                maxPerCategory = -1;
            }
            if (maxPerCategory < 1 || maxPerCategory > MAX_PER_CATEGORY) {
                throw new InvalidEventException("maxPerCategory", "must be an integer from 1 to " + MAX_PER_CATEGORY);
            }
        }
        if (categories.isEmpty() && excluded.isEmpty() && excludePurchased && !inStock && maxPerCategory == 0) {
            return ItemFilter.DEFAULT; // most requests: nothing to copy
        }
        return new ItemFilter(
                new HashSet<>(categories), new HashSet<>(excluded), excludePurchased, inStock, maxPerCategory);
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
