package io.rapport.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonParser.NumberType;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;

/**
 * Reads a well-formed purchase, view or erase straight from its bytes with Jackson's streaming
 * parser, for the item jobs' hot loop: no {@code JsonNode} tree is built and only the fields of an
 * {@link ItemEvent} are kept.
 *
 * <p>The invariant is equivalence with {@link EventParser#parse(byte[])} of the same {@link Limits}
 * and {@link Clock}: an {@code ItemEvent} is returned only for bytes that parse accepts, with the
 * same ids, type, timestamp and items. Everything else gives null, and the caller runs the full
 * parse, whose result or refusal is then the only one anybody sees. Null therefore stands for any
 * event of another type, any refusal, and any shape this reader does not follow although the full
 * parser may accept it: a name other than the twelve top-level fields the full parser checks for
 * these types and the four of an item (so {@code rating} and {@code attributes}, which the full
 * parser ignores or validates depending on the type, are left to it too), a name given twice, an
 * object or array where a scalar belongs, an integer too big for a long, trailing tokens. So the
 * reader never throws and never needs to word a refusal.
 *
 * <p>Each field is checked by the rule of the same name in {@link EventParser}; a JSON null counts
 * as an absent field there, and so it does here. Instances are immutable and thread-safe.
 */
final class ItemEventReader {
    /** Root object, {@code items} array, item object: the depth every purchase and view reaches. */
    private static final int ITEM_DEPTH = 3;
    /** A timestamp not given (or null); valid ones are at least 0, so -1 on the wire is refused either way. */
    private static final long ABSENT = -1;
    /** Signals a shape left to the full parse: thrown often on that path, so shared and without a stack. */
    private static final NotCommon NOT_COMMON = new NotCommon();

    private final Limits limits;
    private final Clock clock;
    private final JsonFactory factory;
    /** A plain fraction with fewer digits before its point is below the price limit (0: none is known to be). */
    private final int plainPriceDigits;

    /** @param factory a factory with the stream constraints of the full parser's, so that JSON limits agree */
    ItemEventReader(Limits limits, Clock clock, JsonFactory factory) {
        this.limits = limits;
        this.clock = clock;
        this.factory = factory;
        int digits = 0;
        while (digits < 300 && Math.pow(10, digits) <= limits.maxPrice()) {
            digits++; // every number below 10^digits is within the limit
        }
        this.plainPriceDigits = digits;
    }

    /** The item event of these bytes, or null when only the full parse may decide. */
    ItemEvent read(byte[] json) {
        if (limits.maxNestingDepth() < ITEM_DEPTH) {
            // The parser would refuse the items anyway; not relying on how it counts depth is simpler.
            return null;
        }
        try (JsonParser p = factory.createParser(json)) {
            return readEvent(p);
        } catch (IOException | RuntimeException unusualOrInvalid) {
            // Broken JSON, a failed check (checkPrintable and IsoTimestamps throw) or NOT_COMMON: the
            // full parse decides, and words the refusal if there is one.
            return null;
        }
    }

    private ItemEvent readEvent(JsonParser p) throws IOException {
        expect(p.nextToken() == JsonToken.START_OBJECT);
        String eventId = null;
        String customerId = null;
        EventType type = null;
        String orderId = null;
        long timestamp = ABSENT;
        // Absent, null and [] items read alike for these three types: each type refuses or allows all three.
        Lines lines = new Lines();
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "eventId" -> {
                    seen = once(seen, 1);
                    eventId = id(p, t);
                }
                case "type" -> {
                    seen = once(seen, 1 << 1);
                    type = type(p, t);
                }
                case "customerId" -> {
                    seen = once(seen, 1 << 2);
                    customerId = addressable(id(p, t));
                }
                case "timestamp" -> {
                    seen = once(seen, 1 << 3);
                    timestamp = timestamp(p, t);
                }
                case "orderId" -> {
                    seen = once(seen, 1 << 4);
                    orderId = id(p, t);
                }
                case "items" -> {
                    seen = once(seen, 1 << 5);
                    items(p, t, lines);
                }
                case "channel" -> {
                    seen = once(seen, 1 << 6);
                    id(p, t);
                }
                case "sessionId" -> {
                    seen = once(seen, 1 << 7);
                    id(p, t);
                }
                case "offerId" -> {
                    seen = once(seen, 1 << 8);
                    id(p, t);
                }
                case "itemId" -> {
                    seen = once(seen, 1 << 9);
                    addressable(id(p, t));
                }
                case "query" -> {
                    seen = once(seen, 1 << 10);
                    text(p, t, limits.maxTextLength(), false);
                }
                case "comment" -> {
                    seen = once(seen, 1 << 11);
                    text(p, t, limits.maxTextLength(), true);
                }
                default -> throw NOT_COMMON;
            }
        }
        expect(p.hasToken(JsonToken.END_OBJECT) && p.nextToken() == null);
        expect(eventId != null && customerId != null && type != null && timestamp != ABSENT);
        switch (type) {
            case PURCHASE -> expect(orderId != null && lines.count > 0 && lines.allPriced);
            case VIEW -> expect(lines.count == 1);
            case ERASE -> expect(timestamp <= clock.millis() + EventParser.ERASE_AHEAD_MILLIS);
            default -> {}
        }
        return new ItemEvent(
                eventId,
                customerId,
                type,
                timestamp,
                Arrays.copyOf(lines.itemIds, lines.count),
                Arrays.copyOf(lines.categories, lines.count));
    }

    private void items(JsonParser p, JsonToken t, Lines lines) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return;
        }
        expect(t == JsonToken.START_ARRAY);
        for (t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            expect(t == JsonToken.START_OBJECT && lines.count < limits.maxItemsPerEvent());
            line(p, lines);
        }
    }

    /** One item object; its price and quantity are checked whenever given, required only of purchases. */
    private void line(JsonParser p, Lines lines) throws IOException {
        String itemId = null;
        String category = null;
        boolean priced = false;
        boolean counted = false;
        int seen = 0;
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "itemId" -> {
                    seen = once(seen, 1);
                    itemId = addressable(id(p, t));
                }
                case "category" -> {
                    seen = once(seen, 1 << 1);
                    category = text(p, t, limits.maxIdLength(), false);
                }
                case "price" -> {
                    seen = once(seen, 1 << 2);
                    priced = price(p, t);
                }
                case "quantity" -> {
                    seen = once(seen, 1 << 3);
                    counted = quantity(p, t);
                }
                default -> throw NOT_COMMON;
            }
        }
        expect(p.hasToken(JsonToken.END_OBJECT) && itemId != null);
        lines.add(itemId, category, priced && counted);
    }

    private static EventType type(JsonParser p, JsonToken t) throws IOException {
        expect(t == JsonToken.VALUE_STRING);
        return switch (p.getText()) {
            case "purchase" -> EventType.PURCHASE;
            case "view" -> EventType.VIEW;
            case "erase" -> EventType.ERASE;
            default -> throw NOT_COMMON;
        };
    }

    /** EventParser's customer and item ids: not {@code .} or {@code ..} ({@link Limits#checkAddressable}). */
    private static String addressable(String id) {
        expect(!".".equals(id) && !"..".equals(id));
        return id;
    }

    /** EventParser's id: an optional text that, when given, is not empty. */
    private String id(JsonParser p, JsonToken t) throws IOException {
        String value = text(p, t, limits.maxIdLength(), false);
        expect(value == null || !value.isEmpty() && Limits.isIdText(value));
        return value;
    }

    /** EventParser's optional text; every string is read whole, so Jackson checks its UTF-8 as the tree does. */
    private static String text(JsonParser p, JsonToken t, int maxLength, boolean lineBreaks) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        expect(t == JsonToken.VALUE_STRING);
        String value = p.getText();
        expect(!Limits.longerThan(value, maxLength));
        Limits.checkPrintable("text", value, lineBreaks);
        return value;
    }

    /**
     * EventParser's timestamp: the tree holds an int or a long for the integers read here (INT and
     * LONG), a BigInteger only for larger ones, which are left to it.
     */
    private long timestamp(JsonParser p, JsonToken t) throws IOException {
        long millis;
        if (t == JsonToken.VALUE_NULL) {
            return ABSENT;
        } else if (t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != NumberType.BIG_INTEGER) {
            millis = p.getLongValue();
        } else {
            expect(t == JsonToken.VALUE_STRING);
            millis = IsoTimestamps.eventTime(p.getText());
        }
        expect(millis >= 0
                && millis < EventParser.MAX_EPOCH_MILLIS
                && millis <= clock.millis() + limits.maxFutureSkew().toMillis());
        return millis;
    }

    /**
     * EventParser's price: the tree holds a double of {@code getDoubleValue} for every JSON fraction.
     * Converting it was a tenth of this reader's time, so a {@linkplain #isPlainFraction plain fraction}
     * whose integer part has fewer digits than the price limit's is known to pass without it.
     */
    private boolean price(JsonParser p, JsonToken t) throws IOException {
        double price;
        if (t == JsonToken.VALUE_NULL) {
            return false;
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            if (isPlainFraction(p, plainPriceDigits)) {
                return true;
            }
            price = p.getDoubleValue();
        } else {
            expect(t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() != NumberType.BIG_INTEGER);
            price = p.getLongValue();
        }
        expect(Double.isFinite(price) && price >= 0 && price <= limits.maxPrice());
        return true;
    }

    /**
     * Whether the current number has no sign and no exponent and fewer than {@code digits} digits
     * before its point: then it is below 10^digits, so finite, and at least 0.
     */
    private static boolean isPlainFraction(JsonParser p, int digits) throws IOException {
        char[] chars = p.getTextCharacters();
        int end = p.getTextOffset() + p.getTextLength();
        int integerDigits = -1;
        for (int i = p.getTextOffset(); i < end; i++) {
            char c = chars[i];
            if (c == '-' || c == 'e' || c == 'E') {
                return false;
            }
            if (c == '.' && integerDigits < 0) {
                integerDigits = i - p.getTextOffset();
            }
        }
        return integerDigits >= 0 && integerDigits < digits;
    }

    /** EventParser's integer: only an INT can lie in 1..maxQuantity (Jackson says LONG only past int range). */
    private boolean quantity(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        expect(t == JsonToken.VALUE_NUMBER_INT && p.getNumberType() == NumberType.INT);
        int quantity = p.getIntValue();
        expect(quantity >= 1 && quantity <= limits.maxQuantity());
        return true;
    }

    /** The fields seen so far with {@code field} added; a field seen before is left to the full parse. */
    private static int once(int seen, int field) {
        expect((seen & field) == 0);
        return seen | field;
    }

    private static void expect(boolean common) {
        if (!common) {
            throw NOT_COMMON;
        }
    }

    /** The items read so far, as the parallel arrays of an {@link ItemEvent}. */
    private static final class Lines {
        String[] itemIds = new String[8];
        String[] categories = new String[8];
        int count;
        boolean allPriced = true;

        void add(String itemId, String category, boolean priced) {
            if (count == itemIds.length) {
                itemIds = Arrays.copyOf(itemIds, count * 2);
                categories = Arrays.copyOf(categories, count * 2);
            }
            itemIds[count] = itemId;
            categories[count] = category;
            count++;
            allPriced &= priced;
        }
    }

    /** The signal behind {@link #NOT_COMMON}; never leaves this class. */
    private static final class NotCommon extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotCommon() {
            super("left to the full parse", null, false, false);
        }
    }
}
