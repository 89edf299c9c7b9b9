package io.rapport.event;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;

/**
 * The input limits of PRODUCT.md, with their documented defaults. Every limit is configurable by
 * an environment variable ({@link #fromEnvironment}, listed in the README, "Input limits"); past a
 * limit a request is refused with a 400 or 413 that names it.
 *
 * @param maxBodyBytes largest accepted request body (default 1 MiB; {@code RAPPORT_MAX_BODY_BYTES})
 * @param maxBatchEvents most events in one POST (default 1,000; {@code RAPPORT_MAX_BATCH_EVENTS})
 * @param maxItemsPerEvent most lines in one event's {@code items} (default 500; {@code
 *     RAPPORT_MAX_ITEMS_PER_EVENT})
 * @param maxQuantity largest {@code quantity} of one line (default 10,000; {@code RAPPORT_MAX_QUANTITY})
 * @param maxIdLength longest id, in characters (Unicode code points; default 256; {@code
 *     RAPPORT_MAX_ID_LENGTH})
 * @param maxNestingDepth deepest JSON nesting (default 32; {@code RAPPORT_MAX_NESTING_DEPTH})
 * @param maxTextLength longest free text such as a search query or comment (default 4,096; {@code
 *     RAPPORT_MAX_TEXT_LENGTH})
 * @param maxFutureSkew how far in the future an event timestamp may lie (default 1 day; {@code
 *     RAPPORT_MAX_FUTURE_SKEW}, e.g. {@code 1d}, {@code 12h}, {@code 30m})
 * @param maxQueryLimit largest {@code limit} query parameter (default 100; {@code RAPPORT_MAX_QUERY_LIMIT})
 * @param maxPrice largest {@code price} of one unit (default 1,000,000; {@code RAPPORT_MAX_PRICE}):
 *     with the other defaults an order is then at most 5·10¹² and revenue sums stay exact in
 *     millionths
 * @param maxAttributes most keys in one {@code profile_update}'s {@code attributes} (default 100;
 *     {@code RAPPORT_MAX_ATTRIBUTES}); each key is at most {@code maxIdLength} characters and each
 *     value at most {@code maxTextLength} characters as JSON, so that a profile, which keeps at
 *     most this many keys, stays far below a Kafka record's size
 */
public record Limits(
        int maxBodyBytes,
        int maxBatchEvents,
        int maxItemsPerEvent,
        int maxQuantity,
        int maxIdLength,
        int maxNestingDepth,
        int maxTextLength,
        Duration maxFutureSkew,
        int maxQueryLimit,
        double maxPrice,
        int maxAttributes)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The default largest unit price. */
    public static final double DEFAULT_MAX_PRICE = 1_000_000;

    /** The default most attribute keys of a profile update. */
    public static final int DEFAULT_MAX_ATTRIBUTES = 100;

    public static final Limits DEFAULTS = new Limits(
            1024 * 1024,
            1000,
            500,
            10_000,
            256,
            32,
            4096,
            Duration.ofDays(1),
            100,
            DEFAULT_MAX_PRICE,
            DEFAULT_MAX_ATTRIBUTES);

    public Limits {
        if (!(maxPrice >= 0) || Double.isInfinite(maxPrice)) {
            throw new IllegalArgumentException("maxPrice must be a finite number >= 0: " + maxPrice);
        }
    }

    /** Limits with the default largest unit price and most attribute keys. */
    public Limits(
            int maxBodyBytes,
            int maxBatchEvents,
            int maxItemsPerEvent,
            int maxQuantity,
            int maxIdLength,
            int maxNestingDepth,
            int maxTextLength,
            Duration maxFutureSkew,
            int maxQueryLimit) {
        this(
                maxBodyBytes,
                maxBatchEvents,
                maxItemsPerEvent,
                maxQuantity,
                maxIdLength,
                maxNestingDepth,
                maxTextLength,
                maxFutureSkew,
                maxQueryLimit,
                DEFAULT_MAX_PRICE,
                DEFAULT_MAX_ATTRIBUTES);
    }

    /**
     * The defaults, each replaced by its {@code RAPPORT_MAX_*} variable where {@code env} sets it.
     *
     * @throws IllegalArgumentException naming the variable, for a value that is not a positive
     *     number (or a duration such as {@code 12h} for {@code RAPPORT_MAX_FUTURE_SKEW})
     */
    public static Limits fromEnvironment(Map<String, String> env) {
        Limits d = DEFAULTS;
        return new Limits(
                positive(env, "RAPPORT_MAX_BODY_BYTES", d.maxBodyBytes),
                positive(env, "RAPPORT_MAX_BATCH_EVENTS", d.maxBatchEvents),
                positive(env, "RAPPORT_MAX_ITEMS_PER_EVENT", d.maxItemsPerEvent),
                positive(env, "RAPPORT_MAX_QUANTITY", d.maxQuantity),
                positive(env, "RAPPORT_MAX_ID_LENGTH", d.maxIdLength),
                positive(env, "RAPPORT_MAX_NESTING_DEPTH", d.maxNestingDepth),
                positive(env, "RAPPORT_MAX_TEXT_LENGTH", d.maxTextLength),
                value(
                        env,
                        "RAPPORT_MAX_FUTURE_SKEW",
                        d.maxFutureSkew,
                        Limits::skew,
                        "a duration such as 1d, 12h or 30m"),
                positive(env, "RAPPORT_MAX_QUERY_LIMIT", d.maxQueryLimit),
                value(env, "RAPPORT_MAX_PRICE", d.maxPrice, Limits::price, "a finite number > 0"),
                positive(env, "RAPPORT_MAX_ATTRIBUTES", d.maxAttributes));
    }

    /**
     * Whether {@code text} is longer than {@code max} characters, counted as Unicode code points
     * (an emoji is one character, not two UTF-16 units).
     */
    public static boolean longerThan(String text, int max) {
        return text.length() > max && text.codePointCount(0, text.length()) > max;
    }

    /**
     * Refuses control characters (tab, line feed and carriage return too unless {@code lineBreaks})
     * and broken UTF-16 (a lone surrogate, which no UTF-8 can carry): ids and texts end up in logs,
     * metrics, JSON answers and HTML.
     *
     * @throws InvalidEventException naming {@code field}
     */
    public static void checkPrintable(String field, String value, boolean lineBreaks) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(lineBreaks && (c == '\t' || c == '\n' || c == '\r'))) {
                throw new InvalidEventException(field, "must not contain control characters");
            }
            if (Character.isHighSurrogate(c)
                            && (i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(++i)))
                    || Character.isLowSurrogate(c)) {
                throw new InvalidEventException(field, "holds an unpaired UTF-16 surrogate");
            }
        }
    }

    /**
     * Whether an event's id is fit to be one: not blank (only white space) and without a line or
     * paragraph separator (U+2028, U+2029, which end lines in logs and scripts) or a noncharacter
     * (U+FDD0–U+FDEF, and the last two code points of every plane: U+FFFE, U+FFFF, U+1FFFE … U+10FFFF);
     * control characters and broken UTF-16 are {@link
     * #checkPrintable}'s.
     */
    public static boolean isIdText(String id) {
        return !id.isBlank() && !hasIdBreaker(id);
    }

    /**
     * Refuses an id that is not {@link #isIdText}, with the one message every id field and
     * parameter gives.
     *
     * @return {@code id}
     * @throws InvalidEventException naming {@code field}
     */
    public static String checkIdText(String field, String id) {
        if (!isIdText(id)) {
            throw new InvalidEventException(
                    field, "must not be blank or hold a line separator or a noncharacter (U+2028, U+2029, U+FFFF …)");
        }
        return id;
    }

    private static boolean hasIdBreaker(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c == '\u2028' || c == '\u2029' || c >= '\uFFFE' || c >= '\uFDD0' && c <= '\uFDEF') {
                return true;
            }
            // the noncharacters of the other planes, U+1FFFE, U+1FFFF … U+10FFFF
            if (Character.isHighSurrogate(c)
                    && i + 1 < id.length()
                    && (Character.toCodePoint(c, id.charAt(i + 1)) & 0xFFFE) == 0xFFFE) {
                return true;
            }
        }
        return false;
    }

    /**
     * Refuses {@code .} and {@code ..} as a customer or item id: a URL path cannot name them ({@code
     * /v1/items/../stats} is {@code /v1/stats}, percent-encoded or not), so what they bought could
     * never be asked for.
     *
     * @return {@code id}, which may be null
     * @throws InvalidEventException naming {@code field}
     */
    public static String checkAddressable(String field, String id) {
        if (".".equals(id) || "..".equals(id)) {
            throw new InvalidEventException(field, "must not be '" + id + "': a URL path cannot name it");
        }
        return id;
    }

    /**
     * Refuses a price above {@link #maxPrice}, in events and in the catalogue alike.
     *
     * @throws InvalidEventException naming {@code field}
     */
    public void checkPrice(String field, double price) {
        if (price > maxPrice) {
            throw new InvalidEventException(
                    field,
                    "must be at most "
                            + java.math.BigDecimal.valueOf(maxPrice)
                                    .stripTrailingZeros()
                                    .toPlainString() + " (the price limit)");
        }
    }

    /** Whether {@code text} holds a control character (ids and texts are refused with one). */
    public static boolean hasControlCharacter(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        return value(
                env,
                name,
                fallback,
                s -> {
                    int n = Integer.parseInt(s);
                    if (n < 1) {
                        throw new IllegalArgumentException();
                    }
                    return n;
                },
                "a whole number from 1 to " + Integer.MAX_VALUE);
    }

    private static <T> T value(
            Map<String, String> env, String name, T fallback, Function<String, T> parse, String expected) {
        String raw = env.get(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            return parse.apply(raw.strip());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(name + " must be " + expected + ", not '" + raw + "'");
        }
    }

    private static double price(String s) {
        double p = Double.parseDouble(s);
        if (!(p > 0) || Double.isInfinite(p)) {
            throw new IllegalArgumentException();
        }
        return p;
    }

    /**
     * A skew as {@code RAPPORT_MAX_FUTURE_SKEW} is written: in the largest of d, h, m, s that divides
     * it ({@code 1d}, {@code 36h}, {@code 90s}).
     */
    public static String skewText(Duration skew) {
        long s = skew.getSeconds();
        if (s != 0 && s % 86_400 == 0) {
            return s / 86_400 + "d";
        }
        if (s != 0 && s % 3_600 == 0) {
            return s / 3_600 + "h";
        }
        return s != 0 && s % 60 == 0 ? s / 60 + "m" : s + "s";
    }

    private static Duration skew(String s) {
        long n = Long.parseLong(s.substring(0, s.length() - 1));
        if (n < 0) {
            throw new IllegalArgumentException();
        }
        return switch (s.charAt(s.length() - 1)) {
            case 'd' -> Duration.ofDays(n);
            case 'h' -> Duration.ofHours(n);
            case 'm' -> Duration.ofMinutes(n);
            case 's' -> Duration.ofSeconds(n);
            default -> throw new IllegalArgumentException();
        };
    }
}
