package io.rapport.event;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random event bodies for differential tests of the two parse paths: valid purchases, views and
 * erasures in every shape the fast path reads (fields in any order, optional fields absent, null or
 * given, non-ASCII and surrogate-pair ids, escapes, lengths at the limits, epoch and ISO timestamps,
 * integer prices), and mutations of them that break, or merely leave, that shape.
 *
 * <p>Bodies are built as a small JSON model whose scalar values are raw JSON text, so that field
 * order, duplicate names and number spellings ({@code 2.50}, {@code 1e2}, {@code -0}) are chosen
 * here rather than by a serializer.
 */
final class RandomEventJson {
    /** One member of an object; its value is raw JSON text, an {@link Obj} or an {@link Arr}. */
    record Member(String name, Object value) {}

    /** A JSON object whose members may repeat a name. */
    record Obj(List<Member> members) {}

    /** A JSON array. */
    record Arr(List<Object> elements) {}

    private static final String[] ITEM_TYPES = {"purchase", "view", "erase"};
    private static final String[] OTHER_TYPES = {
        "add_to_cart",
        "remove_from_cart",
        "search",
        "offer_impression",
        "offer_click",
        "offer_redeem",
        "feedback",
        "profile_update",
        "Purchase",
        "VIEW",
        "",
        "teleport"
    };
    private static final String[] OPTIONAL_IDS = {"channel", "sessionId", "offerId", "itemId"};
    private static final String[] TEXTS = {"query", "comment"};
    private static final String[] UNKNOWN_NAMES = {
        "extra", "rating", "attributes", "eventid", "Type", "item", "items ", "source", "\u00e9v\u00e9nement", ""
    };

    private final Random random;
    private final Limits limits;
    private final long latest;
    /** The latest time of an erase, which may lie at most a minute ahead. */
    private final long latestErase;

    RandomEventJson(Random random, Limits limits, Instant now) {
        this.random = random;
        this.limits = limits;
        this.latest = now.toEpochMilli() + limits.maxFutureSkew().toMillis();
        this.latestErase = Math.min(latest, now.toEpochMilli() + EventParser.ERASE_AHEAD_MILLIS);
    }

    /** A valid purchase, view or erase of the shape the fast path reads. */
    Obj validItemEvent() {
        String type = ITEM_TYPES[random.nextInt(ITEM_TYPES.length)];
        List<Member> m = new ArrayList<>();
        m.add(new Member("eventId", string(id())));
        m.add(new Member("type", string(type)));
        m.add(new Member("customerId", string(id())));
        m.add(new Member("timestamp", timestamp(type.equals("erase") ? latestErase : latest)));
        switch (type) {
            case "purchase" -> {
                m.add(new Member("orderId", string(id())));
                m.add(new Member("items", items(1 + random.nextInt(Math.min(limits.maxItemsPerEvent(), 8)), true)));
            }
            case "view" -> {
                optional(m, "orderId", string(id()));
                m.add(new Member("items", items(1, false)));
            }
            default -> {
                optional(m, "orderId", string(id()));
                switch (random.nextInt(4)) {
                    case 0 -> m.add(new Member("items", "null"));
                    case 1 -> m.add(new Member("items", items(random.nextInt(1 + limits.maxItemsPerEvent()), false)));
                    default -> {}
                }
            }
        }
        for (String name : OPTIONAL_IDS) {
            optional(m, name, string(id()));
        }
        for (String name : TEXTS) {
            optional(m, name, string(text(limits.maxTextLength(), true)));
        }
        if (type.equals("purchase") && random.nextInt(10) == 0) {
            // The largest purchase allowed, so that the limit itself is read.
            m.set(m.indexOf(find(m, "items")), new Member("items", items(limits.maxItemsPerEvent(), true)));
        }
        Collections.shuffle(m, random);
        return new Obj(m);
    }

    /** A valid event of a type the fast path leaves to the full parse. */
    Obj validOtherEvent() {
        List<Member> m = new ArrayList<>();
        m.add(new Member("eventId", string(id())));
        m.add(new Member("customerId", string(id())));
        m.add(new Member("timestamp", timestamp(latest)));
        switch (random.nextInt(5)) {
            case 0 -> {
                m.add(new Member("type", string("add_to_cart")));
                m.add(new Member("items", items(1, false)));
            }
            case 1 -> {
                m.add(new Member("type", string("search")));
                m.add(new Member("query", string(id())));
            }
            case 2 -> {
                m.add(new Member("type", string("feedback")));
                m.add(new Member("rating", String.valueOf(1 + random.nextInt(5))));
            }
            case 3 -> {
                m.add(new Member("type", string("offer_click")));
                m.add(new Member("offerId", string(id())));
            }
            default -> {
                m.add(new Member("type", string("profile_update")));
                m.add(new Member("attributes", new Obj(List.of(new Member("tier", string("gold"))))));
            }
        }
        Collections.shuffle(m, random);
        return new Obj(m);
    }

    /** A valid event of the fast shape with one or two changes that may break it or just leave the shape. */
    byte[] mutatedItemEvent() {
        Obj event = validItemEvent();
        int changes = 1 + random.nextInt(2);
        for (int i = 0; i < changes; i++) {
            mutate(event);
        }
        String json = render(event);
        return random.nextInt(6) == 0 ? mutateText(json) : json.getBytes(StandardCharsets.UTF_8);
    }

    private void mutate(Obj event) {
        Obj target = random.nextInt(3) == 0 ? someItem(event) : event;
        List<Member> m = target.members();
        switch (random.nextInt(12)) {
            case 0 -> {
                if (!m.isEmpty()) {
                    m.remove(random.nextInt(m.size()));
                }
            }
            case 1 -> {
                if (!m.isEmpty()) {
                    Member copy = m.get(random.nextInt(m.size()));
                    Object value = random.nextBoolean() ? copy.value() : hostileValue(2);
                    m.add(random.nextInt(m.size() + 1), new Member(copy.name(), value));
                }
            }
            case 2 ->
                m.add(
                        random.nextInt(m.size() + 1),
                        new Member(UNKNOWN_NAMES[random.nextInt(UNKNOWN_NAMES.length)], hostileValue(2)));
            case 3, 4, 5 -> replaceValue(m, hostileValue(3));
            case 6 -> replaceValue(m, string(hostileString()));
            case 7 -> replaceValue(m, hostileNumber());
            case 8 ->
                set(
                        event.members(),
                        "type",
                        string(
                                random.nextBoolean()
                                        ? OTHER_TYPES[random.nextInt(OTHER_TYPES.length)]
                                        : ITEM_TYPES[random.nextInt(3)]));
            case 9 -> set(event.members(), "timestamp", hostileTimestamp());
            case 10 -> set(event.members(), "items", hostileItems());
            default -> replaceValue(m, "null");
        }
    }

    /** Text-level damage: truncation, stray or missing characters, trailing tokens, a BOM, bad UTF-8. */
    private byte[] mutateText(String json) {
        String[] trailing = {" x", "{}", ",", " 1", "]", "}", "\n", " \t", "//", "null"};
        byte[] bytes;
        switch (random.nextInt(6)) {
            case 0 -> bytes = json.substring(0, random.nextInt(json.length())).getBytes(StandardCharsets.UTF_8);
            case 1 -> {
                int at = random.nextInt(json.length());
                bytes = (json.substring(0, at) + json.substring(at + 1)).getBytes(StandardCharsets.UTF_8);
            }
            case 2 -> {
                int at = random.nextInt(json.length() + 1);
                String strays = "{}[]:,\"\\ 0-e.tn\u0001\u007f";
                String stray = String.valueOf(strays.charAt(random.nextInt(strays.length())));
                bytes = (json.substring(0, at) + stray + json.substring(at)).getBytes(StandardCharsets.UTF_8);
            }
            case 3 -> bytes = (json + trailing[random.nextInt(trailing.length)]).getBytes(StandardCharsets.UTF_8);
            case 4 -> {
                byte[] body = json.getBytes(StandardCharsets.UTF_8);
                bytes = new byte[body.length + 3];
                bytes[0] = (byte) 0xEF;
                bytes[1] = (byte) 0xBB;
                bytes[2] = (byte) 0xBF;
                System.arraycopy(body, 0, bytes, 3, body.length);
            }
            default -> {
                bytes = json.getBytes(StandardCharsets.UTF_8);
                int at = random.nextInt(bytes.length);
                bytes = Arrays.copyOf(bytes, bytes.length);
                bytes[at] = (byte) (0x80 | random.nextInt(0x80));
            }
        }
        return bytes;
    }

    private Obj someItem(Obj event) {
        Member items = find(event.members(), "items");
        if (items != null
                && items.value() instanceof Arr a
                && !a.elements().isEmpty()
                && a.elements().get(0) instanceof Obj line) {
            return line;
        }
        return event;
    }

    private void replaceValue(List<Member> m, Object value) {
        if (!m.isEmpty()) {
            int i = random.nextInt(m.size());
            m.set(i, new Member(m.get(i).name(), value));
        }
    }

    private static void set(List<Member> m, String name, Object value) {
        Member old = find(m, name);
        if (old == null) {
            m.add(new Member(name, value));
        } else {
            m.set(m.indexOf(old), new Member(name, value));
        }
    }

    private static Member find(List<Member> m, String name) {
        return m.stream().filter(x -> x.name().equals(name)).findFirst().orElse(null);
    }

    private void optional(List<Member> m, String name, String value) {
        int dice = random.nextInt(10);
        if (dice < 3) {
            m.add(new Member(name, value));
        } else if (dice == 3) {
            m.add(new Member(name, "null"));
        }
    }

    private Arr items(int count, boolean priced) {
        List<Object> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<Member> m = new ArrayList<>();
            m.add(new Member("itemId", string(id())));
            int dice = random.nextInt(10);
            if (dice < 6) {
                m.add(new Member("category", string(text(limits.maxIdLength(), true))));
            } else if (dice == 6) {
                m.add(new Member("category", "null"));
            }
            if (priced || random.nextBoolean()) {
                m.add(new Member("price", price()));
            }
            if (priced || random.nextBoolean()) {
                m.add(new Member("quantity", String.valueOf(quantity())));
            }
            Collections.shuffle(m, random);
            lines.add(new Obj(m));
        }
        return new Arr(lines);
    }

    /** An id: 1 to maxIdLength printable characters, at the limit one time in eight; never blank, . or .. (refused). */
    private String id() {
        String id = text(limits.maxIdLength(), false).replace('\u2028', '_'); // a line separator: texts only
        return id.isBlank() || id.equals(".") || id.equals("..") ? "x" : id;
    }

    /** Printable text of at most {@code max} UTF-16 chars: ASCII, Latin-1, CJK, surrogate pairs, JSON specials. */
    private String text(int max, boolean mayBeEmpty) {
        int length = random.nextInt(8) == 0 ? max : random.nextInt(Math.min(max, 24) + 1);
        if (mayBeEmpty && random.nextInt(20) == 0) {
            length = 0;
        }
        StringBuilder s = new StringBuilder(length);
        while (s.length() < length) {
            int dice = random.nextInt(10);
            if (dice < 5) {
                s.append((char) (' ' + random.nextInt(95)));
            } else if (dice == 5) {
                s.append("\"\\/".charAt(random.nextInt(3)));
            } else if (dice == 6) {
                s.append((char) (0xA0 + random.nextInt(0x60)));
            } else if (dice == 7) {
                s.append((char) (0x4E00 + random.nextInt(0x5000)));
            } else if (dice == 8 && s.length() + 2 <= length) {
                s.appendCodePoint(0x1F300 + random.nextInt(0x300));
            } else {
                s.append("\u00e9\u00df\u20ac\u2028\ufeff\u202e".charAt(random.nextInt(6)));
            }
        }
        return s.toString();
    }

    /** Epoch milliseconds or ISO-8601 with Z, an offset, a fraction, lowercase letters or no seconds. */
    private String timestamp(long latest) {
        long millis = switch (random.nextInt(10)) {
            case 0 -> 0;
            case 1 -> latest;
            default -> (long) (random.nextDouble() * latest);
        };
        Instant at = Instant.ofEpochMilli(millis).plusNanos(random.nextInt(10) == 0 ? 0 : random.nextInt(1_000_000));
        if (at.toEpochMilli() > latest) {
            at = Instant.ofEpochMilli(latest);
        }
        return switch (random.nextInt(6)) {
            case 0 -> String.valueOf(millis);
            case 1 -> string(at.toString());
            case 2 ->
                string(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(
                        at, ZoneOffset.ofTotalSeconds(60 * (random.nextInt(2 * 1079) - 1079)))));
            case 3 -> string(at.toString().toLowerCase());
            case 4 ->
                string(DateTimeFormatter.ISO_OFFSET_DATE_TIME
                        .format(OffsetDateTime.ofInstant(
                                Instant.ofEpochSecond(at.getEpochSecond() / 60 * 60), ZoneOffset.UTC))
                        .replace(":00Z", "Z"));
            default -> string(Instant.ofEpochMilli(millis).toString());
        };
    }

    /** A valid price: within 0 and the price limit, at its edges too, in every JSON number form. */
    private String price() {
        double max = limits.maxPrice();
        String plainMax = BigDecimal.valueOf(max).stripTrailingZeros().toPlainString();
        return switch (random.nextInt(10)) {
            case 0 -> String.valueOf(random.nextInt(100));
            case 1 -> String.valueOf((long) (random.nextDouble() * max));
            case 2 ->
                new String[] {
                            "0",
                            "-0",
                            "0.0",
                            "-0.0",
                            "2.50",
                            "1e2",
                            "1E+2",
                            "25e-1",
                            plainMax,
                            plainMax + ".0",
                            BigDecimal.valueOf(max).toString(),
                            "4.9e-324",
                            "1e-400",
                            "-1e-400",
                            "0." + "0".repeat(400) + "1"
                        }
                        [random.nextInt(15)];
            case 3 -> String.valueOf(random.nextDouble() * max);
            default -> String.format(Locale.ROOT, "%d.%02d", random.nextInt(100), random.nextInt(100));
        };
    }

    /** Any price: valid ones, and ones past the price limit up to the largest double and beyond. */
    private String anyPrice() {
        String plainMax =
                BigDecimal.valueOf(limits.maxPrice()).stripTrailingZeros().toPlainString();
        return switch (random.nextInt(4)) {
            case 0 -> String.valueOf(random.nextLong() >>> 1);
            case 1 ->
                new String[] {
                            "1.7976931348623157e308",
                            "9".repeat(297) + ".5",
                            plainMax + ".01",
                            String.valueOf(Math.nextUp(limits.maxPrice())),
                            "1e400"
                        }
                        [random.nextInt(5)];
            case 2 -> String.valueOf(random.nextDouble() * 1e12);
            default -> price();
        };
    }

    private int quantity() {
        return switch (random.nextInt(6)) {
            case 0 -> 1;
            case 1 -> limits.maxQuantity();
            default -> 1 + random.nextInt(limits.maxQuantity());
        };
    }

    private String hostileString() {
        int max = limits.maxIdLength();
        return switch (random.nextInt(10)) {
            case 0 -> "";
            case 1 -> "x".repeat(max + 1);
            case 2 -> "x".repeat(limits.maxTextLength() + 1);
            case 3 -> "id" + (char) random.nextInt(0x20);
            case 4 -> "id\u007f";
            case 5 -> "id\u0085";
            case 6 -> "\ud800";
            case 7 -> "x\udc00y";
            case 8 -> "\ud83d";
            default -> text(max, true);
        };
    }

    private String hostileNumber() {
        String[] numbers = {
            "0",
            "-1",
            "-0",
            "-0.01",
            "1.0",
            "1.5",
            "1e0",
            "2147483647",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "99999999999999999999999",
            "1e400",
            "-1e400",
            String.valueOf(limits.maxQuantity() + 1),
            String.valueOf(limits.maxQuantity()),
            "3",
            "-0.0",
            "-2.5",
            "9".repeat(298) + ".5",
            "9".repeat(310) + ".5",
            "1" + "0".repeat(400) + ".0",
            BigDecimal.valueOf(limits.maxPrice()).toPlainString(),
            BigDecimal.valueOf(limits.maxPrice()) + ".01",
            String.valueOf(Math.nextUp(limits.maxPrice())),
            String.valueOf(Math.nextDown(limits.maxPrice()))
        };
        return numbers[random.nextInt(numbers.length)];
    }

    private String hostileTimestamp() {
        String[] times = {
            "-1",
            "7258118400000",
            "7258118399999",
            String.valueOf(latest + 1),
            String.valueOf(latest),
            "1.7e12",
            "1795366800000.0",
            "99999999999999999999",
            "\"2026-11-22T17:00:00\"",
            "\"2026-02-30T00:00:00Z\"",
            "\"2026-11-22T17:00:00+18:00\"",
            "\"2026-11-22T17:00:00+17:59\"",
            "\"+999999999-12-31T23:59:59Z\"",
            "\"1969-12-31T23:59:59.999Z\"",
            "\"2026-11-22 17:00:00Z\"",
            "\"\"",
            "true",
            "{}",
            "[]",
            "\"2026-11-22T17:00:00.1234567891Z\""
        };
        return times[random.nextInt(times.length)];
    }

    private Object hostileItems() {
        return switch (random.nextInt(8)) {
            case 0 -> new Arr(new ArrayList<>());
            case 1 -> items(limits.maxItemsPerEvent() + 1, true);
            case 2 -> items(2, random.nextBoolean());
            case 3 -> new Arr(new ArrayList<>(List.of(string("i-1"))));
            case 4 -> new Obj(new ArrayList<>(List.of(new Member("itemId", string("i-1")))));
            case 5 -> new Arr(new ArrayList<>(List.of(new Arr(new ArrayList<>()))));
            case 6 -> items(1, false);
            default -> string("i-1");
        };
    }

    /** Any JSON value: scalars of every kind, and objects and arrays up to {@code depth} deep. */
    private Object hostileValue(int depth) {
        int dice = random.nextInt(depth > 0 ? 8 : 6);
        return switch (dice) {
            case 0 -> string(hostileString());
            case 1 -> hostileNumber();
            case 2 -> random.nextBoolean() ? "true" : "false";
            case 3 -> "null";
            case 4 -> string(id());
            case 5 -> anyPrice();
            case 6 -> new Arr(new ArrayList<>(List.of(hostileValue(depth - 1))));
            default -> new Obj(new ArrayList<>(List.of(new Member("k", hostileValue(depth - 1)))));
        };
    }

    /** JSON text of a string, with some characters escaped where they need not be. */
    String string(String s) {
        StringBuilder json = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (c == '"' || c == '\\') {
                json.append('\\').append(c);
            } else if (pair) {
                // Both halves travel alike: raw as one UTF-8 sequence, or as two escapes.
                json.append(random.nextInt(40) == 0 ? escape(c) + escape(s.charAt(i + 1)) : s.substring(i, i + 2));
                i++;
            } else if (c < 0x20 || Character.isSurrogate(c) || random.nextInt(40) == 0) {
                // A lone surrogate can only travel as an escape.
                json.append(escape(c));
            } else {
                json.append(c);
            }
        }
        return json.append('"').toString();
    }

    private static String escape(char c) {
        return String.format(Locale.ROOT, "\\u%04x", (int) c);
    }

    /** The JSON text of a model, with random whitespace between tokens. */
    String render(Object value) {
        StringBuilder json = new StringBuilder();
        render(value, json);
        return json.toString();
    }

    private void render(Object value, StringBuilder json) {
        if (value instanceof Obj o) {
            json.append('{');
            for (int i = 0; i < o.members().size(); i++) {
                Member m = o.members().get(i);
                json.append(i == 0 ? "" : ",")
                        .append(space())
                        .append(string(m.name()))
                        .append(space())
                        .append(':');
                render(m.value(), json);
            }
            json.append(space()).append('}');
        } else if (value instanceof Arr a) {
            json.append('[');
            for (int i = 0; i < a.elements().size(); i++) {
                json.append(i == 0 ? "" : ",");
                render(a.elements().get(i), json);
            }
            json.append(']');
        } else {
            json.append(space()).append(value).append(space());
        }
    }

    private String space() {
        return random.nextInt(8) == 0 ? " \n\t\r".substring(random.nextInt(4)) : "";
    }
}
