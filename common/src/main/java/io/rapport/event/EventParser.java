package io.rapport.event;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and validates events of the wire format (PRODUCT.md, "Events"). The same class checks
 * events posted over HTTP and events read from Kafka by the stream jobs, so both sides refuse
 * exactly the same input with exactly the same message.
 *
 * <p>Every refusal is an {@link InvalidEventException} whose field path names the offending field.
 * A batch is all-or-nothing: {@link #parseBatch} either returns every event or throws.
 *
 * <p>A body is read once: duplicate keys, refused at any depth, are found while its tree is built.
 * Only a refused body is read a second time, by a parser that checks each name as it meets it, so
 * that the refusal names the first fault in the body, a duplicate key before any fault in its value.
 *
 * <p>{@link #tryParseItemEvent} is a fast path for the stream jobs: it reads the common purchases,
 * views and erasures without building a tree and leaves every other body to {@link #parse(byte[])},
 * so that what is accepted and every refusal stay exactly those of this class.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class EventParser {
    private static final TypeReference<Map<String, Object>> ATTRIBUTES = new TypeReference<>() {};
    /** Jackson's "(start marker at [Source: REDACTED (…); line: 1, column: 6])". */
    /** YYYY-MM-DD and nothing else: the ISO formatter alone also takes signed and longer years. */
    private static final Pattern ISO_DATE_SHAPE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private static final Pattern START_MARKER =
            Pattern.compile(" \\(start marker at \\[Source: .*; line: (\\d+), column: (\\d+)]\\)");

    /** Epoch milliseconds written as a string: digits only, few enough to fit in a long. */
    private static final Pattern EPOCH_DIGITS = Pattern.compile("[0-9]{1,18}");

    static final long MAX_EPOCH_MILLIS = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();
    /**
     * How far ahead of the clock an erase may be dated, whatever the future skew allowed for other
     * events: every job ignores the customer's events dated at or before an applied erase, so an
     * erase dated a day ahead silently swallowed a day of the customer's real events.
     */
    static final long ERASE_AHEAD_MILLIS = 60_000;

    /**
     * An erase's optional field: the customer's events dated at or before it are erased too, up to the
     * future skew ahead of the clock. The event's {@link Event#timestamp} is the later of the two, the
     * time every job cuts the customer's events at. {@code DELETE /v1/customers/{id}} sets it to the
     * customer's latest event time when that lies ahead of the clock.
     */
    public static final String ERASE_THROUGH = "through";

    private final Limits limits;
    private final Clock clock;
    private final ObjectMapper mapper;
    private final ObjectReader trees;
    private final ItemEventReader itemEvents;

    public EventParser(Limits limits, Clock clock) {
        this.limits = limits;
        this.clock = clock;
        // Enabling a parser feature on a mapper changes its factory, hence a factory each. The strict
        // parser keeps a set of names per object; it reads only bodies the tree reader refuses.
        this.mapper = new ObjectMapper(jsonFactory(limits))
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        // A duplicate key found while the tree is built costs nothing (the map's put returns the old
        // value), and refuses exactly the bodies the strict parser refuses.
        this.trees = new ObjectMapper(jsonFactory(limits))
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .reader();
        this.itemEvents = new ItemEventReader(limits, clock, jsonFactory(limits));
    }

    /**
     * A JSON factory with the stream limits of {@code limits}: nesting depth, and strings no longer
     * than the body limit. The API reads its other JSON bodies (offers, campaigns, catalogue) with it
     * too, so that the limits agree.
     */
    public static JsonFactory jsonFactory(Limits limits) {
        return JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxNestingDepth())
                        .maxStringLength(limits.maxBodyBytes())
                        .build())
                .build();
    }

    public EventParser() {
        this(Limits.DEFAULTS, Clock.systemUTC());
    }

    public Limits limits() {
        return limits;
    }

    /** Reads a request body holding one event object or an array of them. */
    public List<Event> parseBatch(byte[] body) {
        if (body.length > limits.maxBodyBytes()) {
            throw InvalidEventException.tooLarge(
                    "body", "is " + body.length + " bytes, over the limit of " + limits.maxBodyBytes());
        }
        int malformed = Utf8.firstByteNotUtf8Json(body);
        if (malformed >= 0) {
            throw new InvalidEventException("body", "is not valid UTF-8 (byte " + malformed + ")");
        }
        JsonNode root = readTree(body, "body");
        if (root.isObject()) {
            return List.of(parse(root));
        }
        if (!root.isArray()) {
            throw new InvalidEventException("body", "must be a JSON object or an array of objects");
        }
        if (root.size() > limits.maxBatchEvents()) {
            throw InvalidEventException.tooLarge(
                    "events", "has " + root.size() + " events, over the limit of " + limits.maxBatchEvents());
        }
        if (root.isEmpty()) {
            throw new InvalidEventException("events", "must hold at least one event");
        }
        List<Event> events = new ArrayList<>(root.size());
        for (int i = 0; i < root.size(); i++) {
            try {
                events.add(parse(root.get(i)));
            } catch (InvalidEventException e) {
                throw e.under("events[" + i + "]");
            }
        }
        return events;
    }

    /** Reads one event, as it arrives on Kafka. */
    public Event parse(byte[] json) {
        int nul = Utf8.wideEncodingNul(json);
        if (nul >= 0) {
            throw new InvalidEventException("event", "is not valid UTF-8 (byte " + nul + ")");
        }
        return parse(readTree(json, "event"));
    }

    /**
     * Reads one event of the common shape of a purchase, view or erase, as it arrives on Kafka, without
     * building its tree; returns null for every other body, valid or not, which {@link #parse(byte[])}
     * must then read. An event returned is one that {@code parse} accepts, with the same ids, type,
     * timestamp and items: the fast path changes only how fast, never what is accepted or refused.
     */
    public ItemEvent tryParseItemEvent(byte[] json) {
        return Utf8.wideEncodingNul(json) < 0 ? itemEvents.read(json) : null;
    }

    /** Validates one event already read as JSON. */
    public Event parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw InvalidEventException.ofElement("event", "must be a JSON object");
        }
        ObjectNode o = (ObjectNode) node;
        String eventId = id(o, "eventId", true);
        String typeName = text(o, "type", true, 64);
        EventType type = EventType.fromWireName(typeName)
                .orElseThrow(() -> new InvalidEventException("type", "unknown event type '" + typeName + "'"));
        String customerId = Limits.checkAddressable("customerId", id(o, "customerId", true));
        long timestamp = timestamp(o);
        if (type == EventType.ERASE && timestamp > clock.millis() + ERASE_AHEAD_MILLIS) {
            throw new InvalidEventException(
                    "timestamp",
                    "an erase may lie at most 1 minute in the future: every event of the customer dated before it"
                            + " would be ignored");
        }
        if (type == EventType.ERASE && o.hasNonNull(ERASE_THROUGH)) {
            // The customer's events dated up to `through` go too: those dated ahead of the clock before
            // the erase, which a resend after it would otherwise count again.
            timestamp = Math.max(timestamp, time(o, ERASE_THROUGH));
        }
        String channel = id(o, "channel", false);
        String sessionId = id(o, "sessionId", false);
        String orderId = id(o, "orderId", type == EventType.PURCHASE);
        List<Item> items = items(o, type);
        String query = text(o, "query", type == EventType.SEARCH, limits.maxTextLength());
        String offerId = id(o, "offerId", type.isOfferOutcome());
        if (type.isOfferOutcome()) {
            id(o, "recommendationId", false); // kept in the source: an id like any other when given
            JsonNode holdout = o.get("holdout");
            if (holdout != null && !holdout.isNull() && !holdout.isBoolean()) {
                throw new InvalidEventException("holdout", "must be true or false");
            }
        }
        Integer rating = type == EventType.FEEDBACK ? integer(o, "rating", 1, 5, true) : null;
        String itemId = Limits.checkAddressable("itemId", id(o, "itemId", false));
        String comment = text(o, "comment", false, limits.maxTextLength(), true);
        Map<String, Object> attributes = type == EventType.PROFILE_UPDATE ? attributes(o) : Map.of();
        return new Event(
                eventId,
                type,
                customerId,
                timestamp,
                channel,
                sessionId,
                orderId,
                items,
                query,
                offerId,
                rating,
                itemId,
                comment,
                attributes,
                o);
    }

    private JsonNode readTree(byte[] json, String what) {
        try {
            JsonNode root = trees.readTree(json);
            if (root != null && !root.isMissingNode()) {
                return root;
            }
        } catch (IOException | RuntimeException e) {
            // Read again below: the strict parser stops at a duplicate key before any fault in its
            // value, and its refusal (or exception) is the one callers have always been given.
        }
        return readTreeStrictly(json, what);
    }

    private JsonNode readTreeStrictly(byte[] json, String what) {
        try {
            JsonNode root = mapper.readTree(json);
            if (root == null || root.isMissingNode()) {
                throw new InvalidEventException(what, "is empty");
            }
            return root;
        } catch (IOException e) {
            throw unreadable(e, what, "events", limits);
        }
    }

    /**
     * The refusal of JSON that could not be read: a broken JSON limit, a key given twice (named where
     * it stands: {@code events[1].customerId: is given twice}), or invalid JSON with the parser's
     * reason said plainly.
     *
     * @param field what the JSON is ({@code body}, {@code offers}); fields under a root object are
     *     named by their bare path
     * @param arrayField the name of the elements under a root array ({@code events}, {@code offers})
     */
    public static InvalidEventException unreadable(IOException e, String field, String arrayField, Limits limits) {
        if (e instanceof StreamConstraintsException c) {
            return new InvalidEventException(field, jsonLimitBroken(c, limits));
        }
        if (e instanceof JsonProcessingException j) {
            if (String.valueOf(j.getOriginalMessage()).startsWith("Duplicate field '")
                    && j.getProcessor() instanceof JsonParser p) {
                return new InvalidEventException(
                        fieldAt(field, arrayField, p.getParsingContext().pathAsPointer()), "is given twice");
            }
            if (j.getProcessor() instanceof JsonParser p
                    && p.getParsingContext() != null
                    && p.getParsingContext().inRoot()) {
                // after the one root value: a stray ']' reads "Unexpected close marker ']': expected '}'"; a
                // second token counts as the root's second entry. A first token that is no JSON ("not json")
                // is the root's first entry, and keeps the parser's own words.
                int entries = p.getParsingContext().getEntryCount();
                if (entries > 1
                        || entries == 1
                                && String.valueOf(j.getOriginalMessage()).startsWith("Unexpected close marker")) {
                    return new InvalidEventException(field, "is not valid JSON: " + TRAILING);
                }
            }
            return new InvalidEventException(field, "is not valid JSON: " + firstLine(e) + where(j, field, arrayField));
        }
        return new InvalidEventException(field, "could not be read: " + firstLine(e));
    }

    /**
     * Where in the document the parser stopped, " (at events[1].items[0].price)", so that a bad token in
     * a batch of a thousand events can be found; "" at the root, and for a document cut short (it
     * stopped at its end; the message says where the unclosed array or object opened).
     */
    private static String where(JsonProcessingException e, String field, String arrayField) {
        if (e instanceof JsonEOFException
                || !(e.getProcessor() instanceof JsonParser p)
                || p.getParsingContext() == null) {
            return "";
        }
        String at = fieldAt(field, arrayField, p.getParsingContext().pathAsPointer());
        return at.equals(field) ? "" : " (at " + at + ")";
    }

    /**
     * The field at {@code pointer} as the validators name fields: under a root array the array's
     * name and the index first ({@code offers[1].title}), under a root object the bare path
     * ({@code itemId}); the root itself is {@code field}.
     */
    public static String fieldAt(String field, String arrayField, JsonPointer pointer) {
        StringBuilder path = new StringBuilder();
        for (JsonPointer p = pointer; !p.matches(); p = p.tail()) {
            path.append(p.mayMatchElement() ? "[" + p.getMatchingIndex() + "]" : "." + p.getMatchingProperty());
        }
        if (path.isEmpty()) {
            return field;
        }
        return path.charAt(0) == '[' ? arrayField + path : path.substring(1);
    }

    /**
     * "breaks a JSON limit (nesting depth at most 32): …" for the nesting limit, "breaks a JSON
     * limit: Number value length (5001) exceeds …" for Jackson's other stream limits, but "breaks a
     * JSON limit: a string longer than 1048576 characters (RAPPORT_MAX_BODY_BYTES)" for the string
     * limit, whose length Jackson gives as far as it had read (a string of 1.5 million characters
     * was said to be 1114112 long), which only a Kafka record can reach (a body is at most that long).
     */
    public static String jsonLimitBroken(StreamConstraintsException e, Limits limits) {
        String said = firstLine(e);
        if (said.contains("nesting depth")) {
            return "breaks a JSON limit (nesting depth at most " + limits.maxNestingDepth() + "): " + said;
        }
        if (said.startsWith("String value length")) {
            return "breaks a JSON limit: a string longer than " + limits.maxBodyBytes()
                    + " characters (RAPPORT_MAX_BODY_BYTES)";
        }
        return "breaks a JSON limit: " + said;
    }

    private static String firstLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        m = m == null ? e.getClass().getSimpleName() : m;
        int nl = m.indexOf('\n');
        return plain(openedAt(nl < 0 ? m : m.substring(0, nl)));
    }

    private static final String TRAILING = "has more after the JSON value (a second value or a stray character)";
    private static final Pattern SOURCE_AT =
            Pattern.compile(" *(?:at )?\\[Source: [^]]*?; line: (\\d+)(?:, column: (\\d+))?]");
    private static final Pattern FEATURE_NOTE = Pattern.compile(
            ":? *enable `[A-Za-z._]+` to allow| \\(not recognized as one since Feature '[A-Z_]+' not enabled for parser\\)");
    private static final Pattern CODE_NOTE = Pattern.compile(
            ", from `[A-Za-z.]+(?:\\(\\))?`| \\(for [a-z ]+ starting\\)| ?\\(`[A-Za-z._]+` disabled\\)");

    /**
     * The parser's words without its internals: "has more after the JSON value" for trailing
     * content, "(at column 7)" for a source note, and no names of its settings or classes.
     */
    static String plain(String message) {
        if (message.startsWith("Trailing token")) {
            return TRAILING;
        }
        Matcher at = SOURCE_AT.matcher(message);
        StringBuilder out = new StringBuilder();
        while (at.find()) {
            String where = at.group(2) == null
                    ? at.group(1).equals("1") ? "" : " (at line " + at.group(1) + ")"
                    : at.group(1).equals("1")
                            ? " (at column " + at.group(2) + ")"
                            : " (at line " + at.group(1) + ", column " + at.group(2) + ")";
            at.appendReplacement(out, Matcher.quoteReplacement(where));
        }
        at.appendTail(out);
        return FEATURE_NOTE
                .matcher(CODE_NOTE.matcher(out).replaceAll(""))
                .replaceAll("")
                .replace("VALUE_STRING", "a string")
                .strip();
    }

    /**
     * Jackson's location of an unclosed object or array said plainly: "(opened at column 6)", or
     * "(opened at line 2, column 6)" past a line end; the source note and its brackets said nothing.
     */
    static String openedAt(String message) {
        Matcher m = START_MARKER.matcher(message);
        if (!m.find()) {
            return message;
        }
        String where =
                m.group(1).equals("1") ? "column " + m.group(2) : "line " + m.group(1) + ", column " + m.group(2);
        return message.substring(0, m.start()) + " (opened at " + where + ")" + message.substring(m.end());
    }

    private long timestamp(ObjectNode o) {
        return time(o, "timestamp");
    }

    /** A time field: ISO-8601 with a zone or epoch milliseconds, at most the future skew ahead. */
    private long time(ObjectNode o, String field) {
        JsonNode n = o.get(field);
        long millis;
        if (n == null || n.isNull()) {
            throw new InvalidEventException(field, "is required");
        } else if (n.isIntegralNumber() && n.canConvertToLong()) {
            millis = n.longValue();
        } else if (n.isNumber()) {
            // 1764000000000.0 or 1.764e12, as some JSON writers put any number: the millisecond it falls in,
            // as a sub-millisecond ISO time is. Out of range (1e400 reads as infinity) is refused below.
            double value = n.doubleValue();
            millis = Double.isFinite(value) && value >= 0 && value < MAX_EPOCH_MILLIS ? (long) Math.floor(value) : -1;
        } else if (n.isTextual() && EPOCH_DIGITS.matcher(n.textValue()).matches()) {
            millis = Long.parseLong(n.textValue()); // "1795366800000", as clients that quote 64-bit numbers send it
        } else if (n.isTextual()) {
            try {
                millis = IsoTimestamps.eventTime(n.textValue());
            } catch (DateTimeException | ArithmeticException e) {
                throw new InvalidEventException(field, timestampRefusal(e));
            }
        } else {
            throw new InvalidEventException(
                    field, "must be an ISO-8601 string with a zone or a number of epoch milliseconds");
        }
        if (millis < 0 || millis >= MAX_EPOCH_MILLIS) {
            throw new InvalidEventException(field, "must lie between 1970 and 2200");
        }
        long latest = clock.millis() + limits.maxFutureSkew().toMillis();
        if (millis > latest) {
            throw new InvalidEventException(
                    field, "lies more than " + Limits.skewText(limits.maxFutureSkew()) + " in the future");
        }
        return millis;
    }

    /**
     * Why an ISO text was refused: a date or time that does not exist in a text of the right shape
     * (30 February, hour 24, a leap second) says which field, in the formatter's words; anything else
     * gets the shape to send.
     */
    private static String timestampRefusal(RuntimeException e) {
        if (e.getCause() instanceof DateTimeException impossible) {
            String reason = impossible.getMessage();
            return "is not a valid date and time: "
                    + reason
                    + (reason.contains("SecondOfMinute") && reason.endsWith(": 60")
                            ? " (leap seconds are not taken)"
                            : "");
        }
        return "must be ISO-8601 with a zone (e.g. 2026-11-22T17:00:00Z) or epoch milliseconds";
    }

    private List<Item> items(ObjectNode o, EventType type) {
        boolean required = type.hasSingleItem() || type == EventType.PURCHASE;
        JsonNode n = o.get("items");
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidEventException("items", "is required for " + type.wireName() + " events");
            }
            return List.of();
        }
        if (!n.isArray()) {
            throw new InvalidEventException("items", "must be an array");
        }
        if (n.size() > limits.maxItemsPerEvent()) {
            throw InvalidEventException.tooLarge(
                    "items", "has " + n.size() + " items, over the limit of " + limits.maxItemsPerEvent());
        }
        if (type.hasSingleItem() && n.size() != 1) {
            throw new InvalidEventException("items", "must hold exactly one item for " + type.wireName() + " events");
        }
        if (type == EventType.PURCHASE && n.isEmpty()) {
            throw new InvalidEventException("items", "must hold at least one item for purchase events");
        }
        List<Item> items = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
            try {
                items.add(item(n.get(i), type == EventType.PURCHASE));
            } catch (InvalidEventException e) {
                throw e.under("items[" + i + "]");
            }
        }
        return Collections.unmodifiableList(items);
    }

    private Item item(JsonNode n, boolean priced) {
        if (!n.isObject()) {
            throw InvalidEventException.ofElement("item", "must be a JSON object");
        }
        ObjectNode o = (ObjectNode) n;
        String itemId = Limits.checkAddressable("itemId", id(o, "itemId", true));
        String category = text(o, "category", false, limits.maxIdLength());
        Double price = price(o, priced);
        Integer quantity = integer(o, "quantity", 1, limits.maxQuantity(), priced);
        return new Item(itemId, category, price, quantity);
    }

    private Double price(ObjectNode o, boolean required) {
        JsonNode n = o.get("price");
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidEventException("price", "is required");
            }
            return null;
        }
        if (!n.isNumber() || !Double.isFinite(n.doubleValue()) || n.doubleValue() < 0) {
            throw new InvalidEventException("price", "must be a finite number >= 0");
        }
        limits.checkPrice("price", n.doubleValue());
        return n.doubleValue();
    }

    private static Integer integer(ObjectNode o, String field, int min, int max, boolean required) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidEventException(field, "is required");
            }
            return null;
        }
        // An integral value written as a float (1.0, 1e3: what many serialisers write) is that integer.
        double v = n.isNumber() ? n.doubleValue() : Double.NaN;
        boolean integral = n.isIntegralNumber() ? n.canConvertToInt() : v == Math.rint(v);
        if (!n.isNumber() || !integral || v < min || v > max) {
            throw new InvalidEventException(field, "must be an integer from " + min + " to " + max);
        }
        return (int) v;
    }

    private String id(ObjectNode o, String field, boolean required) {
        String value = text(o, field, required, limits.maxIdLength());
        if (value != null && value.isEmpty()) {
            throw new InvalidEventException(field, "must not be empty");
        }
        if (value != null) {
            Limits.checkIdText(field, value);
        }
        return value;
    }

    private static String text(ObjectNode o, String field, boolean required, int maxLength) {
        return text(o, field, required, maxLength, false);
    }

    /** A string field; {@code lineBreaks}: free text from a form, which may hold tabs and line breaks. */
    private static String text(ObjectNode o, String field, boolean required, int maxLength, boolean lineBreaks) {
        JsonNode n = o.get(field);
        if (n == null || n.isNull()) {
            if (required) {
                throw new InvalidEventException(field, "is required");
            }
            return null;
        }
        if (!n.isTextual()) {
            throw new InvalidEventException(field, "must be a string");
        }
        String value = n.textValue();
        if (required && value.isEmpty()) {
            throw new InvalidEventException(field, "must not be empty");
        }
        if (Limits.longerThan(value, maxLength)) {
            throw new InvalidEventException(field, "is longer than " + maxLength + " characters");
        }
        Limits.checkPrintable(field, value, lineBreaks);
        return value;
    }

    /**
     * The attributes of a profile update. A birthday must be a date no later than tomorrow in UTC (a
     * member far east of UTC may be born on UTC's tomorrow); it is compared with the clock, not with
     * the event's time, as master data sent with an old timestamp is still today's.
     */
    private Map<String, Object> attributes(ObjectNode o) {
        JsonNode n = o.get("attributes");
        if (n == null || !n.isObject()) {
            throw new InvalidEventException(
                    "attributes", "is required for profile_update events and must be an object");
        }
        JsonNode birthday = n.get("birthday");
        if (birthday != null && !birthday.isNull()) {
            LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
            if (isoDate("attributes.birthday", birthday).isAfter(today.plusDays(1))) {
                throw new InvalidEventException(
                        "attributes.birthday", "lies in the future (today is " + today + " in UTC)");
            }
        }
        JsonNode signup = n.get("signupDate");
        if (signup != null && !signup.isNull()) {
            isoDate("attributes.signupDate", signup);
        }
        JsonNode consent = n.get("marketingConsent");
        if (consent != null && !consent.isNull() && !consent.isBoolean()) {
            throw new InvalidEventException("attributes.marketingConsent", "must be true or false");
        }
        JsonNode tier = n.get("tier");
        if (tier != null && !tier.isNull() && !tier.isTextual()) {
            throw new InvalidEventException("attributes.tier", "must be a string");
        }
        if (tier != null && tier.isTextual()) {
            Limits.checkPrintable("attributes.tier", tier.textValue(), false); // matched as a segment id
        }
        checkAttributeSizes(n);
        return Collections.unmodifiableMap(mapper.convertValue(n, ATTRIBUTES));
    }

    /**
     * At most {@code maxAttributes} keys, each a printable name of 1 to {@code maxIdLength}
     * characters, each value at most {@code maxTextLength} characters as JSON: attributes merge into
     * the profile, which must stay bounded.
     */
    private void checkAttributeSizes(JsonNode attributes) {
        if (attributes.size() > limits.maxAttributes()) {
            throw new InvalidEventException(
                    "attributes", "must hold at most " + limits.maxAttributes() + " keys, had " + attributes.size());
        }
        Iterator<Map.Entry<String, JsonNode>> fields = attributes.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            if (key.isEmpty() || Limits.longerThan(key, limits.maxIdLength())) {
                throw new InvalidEventException(
                        "attributes", "keys must be 1 to " + limits.maxIdLength() + " characters long");
            }
            Limits.checkPrintable("attributes", key, false);
            if (Limits.longerThan(f.getValue().toString(), limits.maxTextLength())) {
                throw new InvalidEventException(
                        "attributes." + key, "must be at most " + limits.maxTextLength() + " characters as JSON");
            }
        }
    }

    private static LocalDate isoDate(String field, JsonNode n) {
        try {
            if (!n.isTextual()) {
                throw new DateTimeException("not text");
            }
            if (!ISO_DATE_SHAPE.matcher(n.textValue()).matches()) {
                throw new DateTimeException("not YYYY-MM-DD"); // the formatter takes +12000-01-01 too
            }
            LocalDate date = LocalDate.parse(n.textValue(), DateTimeFormatter.ISO_LOCAL_DATE);
            if (date.getYear() < 1) {
                throw new DateTimeException("year 0000"); // no such year: 1 BC is followed by AD 1
            }
            return date;
        } catch (DateTimeException e) {
            throw new InvalidEventException(field, "must be a date as YYYY-MM-DD");
        }
    }
}
