package io.rapport.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventParserTest {
    private static final Instant NOW = Instant.parse("2026-11-22T18:00:00Z");
    private final EventParser parser = new EventParser(Limits.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC));

    private static final String PURCHASE = """
            {"eventId":"e-1","type":"purchase","customerId":"c-42","timestamp":"2026-11-22T17:00:00Z",
             "channel":"web","sessionId":"s-9","orderId":"o-77","extra":{"kept":true},
             "items":[{"itemId":"i-1","category":"dairy","price":2.50,"quantity":1}]}""";

    private List<Event> batch(String json) {
        return parser.parseBatch(json.getBytes(StandardCharsets.UTF_8));
    }

    private InvalidEventException refusal(String json) {
        try {
            batch(json);
        } catch (InvalidEventException e) {
            return e;
        }
        throw new AssertionError("expected a refusal of " + json);
    }

    @Test
    void shouldReadTheWireFormatExample() {
        Event e = batch(PURCHASE).get(0);
        assertThat(e.type()).isEqualTo(EventType.PURCHASE);
        assertThat(e.timestamp())
                .isEqualTo(Instant.parse("2026-11-22T17:00:00Z").toEpochMilli());
        assertThat(e.items()).containsExactly(new Item("i-1", "dairy", 2.5, 1));
        assertThat(e.source().get("extra").get("kept").booleanValue()).isTrue();
    }

    @Test
    void aBodyInUtf16OrUtf32_isRefusedAsNotUtf8_thoughItsAsciiBytesAreValidUtf8() {
        String view = "{\"eventId\":\"e\",\"type\":\"view\",\"customerId\":\"c\",\"items\":[{\"itemId\":\"i\"}],"
                + "\"timestamp\":1000}";
        for (java.nio.charset.Charset wide : List.of(
                StandardCharsets.UTF_16BE,
                StandardCharsets.UTF_16LE,
                java.nio.charset.Charset.forName("UTF-32BE"),
                java.nio.charset.Charset.forName("UTF-32LE"))) {
            byte[] body = view.getBytes(wide);
            assertThat(Utf8.firstMalformedByte(body))
                    .as("valid UTF-8 byte by byte")
                    .isEqualTo(-1);
            int nul = wide.name().endsWith("BE") ? 0 : 1;
            assertThatThrownBy(() -> parser.parseBatch(body))
                    .as(wide.name())
                    .hasMessage("body: is not valid UTF-8 (byte " + nul + ")");
            assertThatThrownBy(() -> parser.parse(body))
                    .as(wide.name())
                    .hasMessage("event: is not valid UTF-8 (byte " + nul + ")");
            assertThat(parser.tryParseItemEvent(body)).as(wide.name()).isNull();
        }
        assertThat(parser.parseBatch(view.getBytes(StandardCharsets.UTF_8))).hasSize(1);
    }

    @Test
    void aTimestampThatDoesNotExist_saysWhichField_andAWrongShape_saysTheShape() {
        String view = "{\"eventId\":\"e\",\"type\":\"view\",\"customerId\":\"c\",\"items\":[{\"itemId\":\"i\"}],"
                + "\"timestamp\":";
        assertThat(refusal(view + "\"2026-02-30T00:00:00Z\"}").getMessage())
                .isEqualTo("timestamp: is not a valid date and time: Invalid date 'FEBRUARY 30'");
        assertThat(refusal(view + "\"2026-02-29T10:00:00Z\"}").getMessage())
                .isEqualTo("timestamp: is not a valid date and time: Invalid date 'February 29' as '2026' is not a"
                        + " leap year");
        assertThat(refusal(view + "\"2026-11-21T23:59:60Z\"}").getMessage())
                .isEqualTo("timestamp: is not a valid date and time: Invalid value for SecondOfMinute (valid values"
                        + " 0 - 59): 60 (leap seconds are not taken)");
        assertThat(refusal(view + "\"2026-11-21T24:00:00Z\"}").getMessage())
                .isEqualTo("timestamp: is not a valid date and time: Invalid value for HourOfDay (valid values"
                        + " 0 - 23): 24");
        assertThat(refusal(view + "\"2026-11-21T10:00:00+19:00\"}").getMessage())
                .isEqualTo("timestamp: is not a valid date and time: Zone offset not in valid range: -18:00 to"
                        + " +18:00");
        for (String otherForm : List.of(
                "2026-02-30 00:00:00Z", "20260230T000000Z", "2026-02-30T00:00:00+0100", "2026-02-30T00:00:00,5Z")) {
            assertThat(refusal(view + "\"" + otherForm + "\"}").getMessage())
                    .as(otherForm)
                    .isEqualTo("timestamp: is not a valid date and time: Invalid date 'FEBRUARY 30'");
        }
        assertThat(refusal(view + "\"2026-11-21 23:59:60+0100\"}").getMessage())
                .endsWith("60 (leap seconds are not taken)");
        assertThat(refusal(view + "\"2026-11-21T10:00:00+1900\"}").getMessage())
                .isEqualTo("timestamp: is not a valid date and time: Zone offset not in valid range: -18:00 to"
                        + " +18:00");
        assertThat(refusal(view + "\"2026-11-21T10:00:00\"}").getMessage())
                .isEqualTo("timestamp: must be ISO-8601 with a zone (e.g. 2026-11-22T17:00:00Z) or epoch"
                        + " milliseconds");
        assertThat(refusal(view + "\"yesterday\"}").getMessage())
                .isEqualTo("timestamp: must be ISO-8601 with a zone (e.g. 2026-11-22T17:00:00Z) or epoch"
                        + " milliseconds");
        assertThat(refusal(view + "\"0001-01-01T00:00:00Z\"}").getMessage())
                .isEqualTo("timestamp: must lie between 1970 and 2200");
    }

    @Test
    void aCutOffEvent_saysWhereTheUnclosedObjectOpened_withoutJacksonsSourceNote() {
        assertThatThrownBy(() -> parser.parse("{\"eventId\":\"e-1\",\"items\":[1,2".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("event: is not valid JSON: Unexpected end-of-input: expected close marker for")
                .hasMessageEndingWith("(opened at column 26)")
                .hasMessageNotContaining("Source")
                .hasMessageNotContaining("[");
        assertThat(EventParser.openedAt("x (start marker at [Source: REDACTED (`a` disabled); line: 2, column: 5])"))
                .isEqualTo("x (opened at line 2, column 5)");
        assertThat(EventParser.openedAt("Unexpected character ('}')")).isEqualTo("Unexpected character ('}')");
    }

    @Test
    void shouldAcceptEpochMillisAndZoneOffsets() {
        String millis = PURCHASE.replace("\"2026-11-22T17:00:00Z\"", "1795366800000");
        String offset = PURCHASE.replace("2026-11-22T17:00:00Z", "2026-11-22T18:00:00+01:00");
        assertThat(batch(millis).get(0).timestamp()).isEqualTo(1795366800000L);
        assertThat(batch(offset).get(0).timestamp())
                .isEqualTo(Instant.parse("2026-11-22T17:00:00Z").toEpochMilli());
    }

    @Test
    void epochMillisWrittenAsAFloatOrAString_areTheMillisecondTheyFallIn() {
        for (String written :
                new String[] {"1795366800000.0", "1.7953668e12", "1795366800000.75", "\"1795366800000\""}) {
            assertThat(batch(PURCHASE.replace("\"2026-11-22T17:00:00Z\"", written))
                            .get(0)
                            .timestamp())
                    .as(written)
                    .isEqualTo(1795366800000L);
        }
    }

    @Test
    void shouldRefuseBatchWithOneBadEventNamingItsField() {
        String bad = PURCHASE.replace("\"customerId\":\"c-42\",", "");
        InvalidEventException e = refusal("[" + PURCHASE + "," + bad + "]");
        assertThat(e.field()).isEqualTo("events[1].customerId");
        assertThat(e.getMessage()).contains("events[1].customerId").contains("required");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "\"price\":2.50|\"price\":-1|items[0].price",
                "\"price\":2.50|\"price\":\"2.5\"|items[0].price",
                "\"price\":2.50|\"price\":1e400|items[0].price",
                "\"price\":2.50|\"price\":1000000.01|items[0].price",
                "\"price\":2.50|\"price\":1e308|items[0].price",
                "\"quantity\":1|\"quantity\":0|items[0].quantity",
                "\"quantity\":1|\"quantity\":10001|items[0].quantity",
                "\"quantity\":1|\"quantity\":1.5|items[0].quantity",
                "\"orderId\":\"o-77\",||orderId",
                "\"type\":\"purchase\"|\"type\":\"teleport\"|type",
                "\"timestamp\":\"2026-11-22T17:00:00Z\"|\"timestamp\":\"2026-11-22T17:00:00\"|timestamp",
                "\"timestamp\":\"2026-11-22T17:00:00Z\"|\"timestamp\":\"2026-13-45T17:00:00Z\"|timestamp",
                "\"timestamp\":\"2026-11-22T17:00:00Z\"|\"timestamp\":\"2027-11-22T17:00:00Z\"|timestamp",
                "\"timestamp\":\"2026-11-22T17:00:00Z\"|\"timestamp\":-5|timestamp",
                "\"timestamp\":\"2026-11-22T17:00:00Z\"|\"timestamp\":-0.5|timestamp",
                "\"timestamp\":\"2026-11-22T17:00:00Z\"|\"timestamp\":1e400|timestamp",
                "\"timestamp\":\"2026-11-22T17:00:00Z\"|\"timestamp\":9e18|timestamp",
                "\"timestamp\":\"2026-11-22T17:00:00Z\"|\"timestamp\":true|timestamp",
                "\"timestamp\":\"2026-11-22T17:00:00Z\"|\"timestamp\":\"-5\"|timestamp",
                "\"timestamp\":\"2026-11-22T17:00:00Z\"|\"timestamp\":\"1795366800000 \"|timestamp",
                "\"timestamp\":\"2026-11-22T17:00:00Z\"|\"timestamp\":\"99999999999999999999\"|timestamp",
                "\"eventId\":\"e-1\"|\"eventId\":\"\"|eventId",
                "\"eventId\":\"e-1\"|\"eventId\":42|eventId",
                "\"customerId\":\"c-42\"|\"customerId\":\"c\\u0000x\"|customerId",
                "\"customerId\":\"c-42\"|\"customerId\":\"\\ud800\"|customerId",
            })
    void shouldRefuseABadFieldNamingIt(String from, String to, String field) {
        InvalidEventException e = refusal(PURCHASE.replace(from, to == null ? "" : to));
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).startsWith(field + ": ");
    }

    @Test
    void anIntegralValueWrittenAsAFloat_isThatInteger_andAFractionStillIsNot() {
        assertThat(batch(PURCHASE.replace("\"quantity\":1", "\"quantity\":2.0"))
                        .get(0)
                        .items()
                        .get(0)
                        .quantity())
                .isEqualTo(2);
        assertThat(batch(PURCHASE.replace("\"quantity\":1", "\"quantity\":1e3"))
                        .get(0)
                        .items()
                        .get(0)
                        .quantity())
                .isEqualTo(1000);
        for (String bad : new String[] {"1.5", "1e400", "0.0", "1e5", "-1.0", "\"1\"", "true"}) {
            assertThat(refusal(PURCHASE.replace("\"quantity\":1", "\"quantity\":" + bad))
                            .getMessage())
                    .as(bad)
                    .isEqualTo("items[0].quantity: must be an integer from 1 to 10000");
        }
    }

    @Test
    void shouldAcceptAPriceAtTheLimitAndNameTheLimitPastIt() {
        assertThat(batch(PURCHASE.replace("\"price\":2.50", "\"price\":1000000")))
                .hasSize(1);
        assertThat(batch(PURCHASE.replace("\"price\":2.50", "\"price\":1e6"))).hasSize(1);
        InvalidEventException e = refusal(PURCHASE.replace("\"price\":2.50", "\"price\":1000000.5"));
        assertThat(e.getMessage()).isEqualTo("items[0].price: must be at most 1000000 (the price limit)");
        EventParser cheap = new EventParser(
                new Limits(1 << 20, 10, 4, 5, 12, 3, 16, Duration.ofHours(1), 100, 9.99, Limits.DEFAULT_MAX_ATTRIBUTES),
                Clock.systemUTC());
        String tenPounds = PURCHASE.replace("\"price\":2.50", "\"price\":10.00");
        assertThatThrownBy(() -> cheap.parse(tenPounds.getBytes(StandardCharsets.UTF_8)))
                .hasMessage("items[0].price: must be at most 9.99 (the price limit)");
        assertThat(cheap.tryParseItemEvent(tenPounds.getBytes(StandardCharsets.UTF_8)))
                .isNull();
    }

    @Test
    void shouldCountIdLengthInCharactersNotUtf16Units() {
        String emoji = "\ud83d\ude00"; // one character, two UTF-16 units
        assertThat(batch(PURCHASE.replace("\"c-42\"", "\"" + emoji.repeat(256) + "\"")))
                .hasSize(1);
        assertThat(refusal(PURCHASE.replace("\"c-42\"", "\"" + emoji.repeat(257) + "\""))
                        .field())
                .isEqualTo("customerId");
    }

    @Test
    void shouldRefuseOverLongIds() {
        String longId = "x".repeat(257);
        assertThat(refusal(PURCHASE.replace("\"c-42\"", "\"" + longId + "\"")).field())
                .isEqualTo("customerId");
        assertThat(batch(PURCHASE.replace("\"c-42\"", "\"" + "x".repeat(256) + "\"")))
                .hasSize(1);
    }

    @Test
    void shouldRefuseMalformedJsonDeepNestingAndDuplicateKeys() {
        assertThat(refusal("{not json").field()).isEqualTo("body");
        assertThat(refusal("[" + PURCHASE + "] trailing").field()).isEqualTo("body");
        assertThat(refusal("[".repeat(40) + "]".repeat(40)).getMessage()).contains("nesting");
        assertThat(refusal(PURCHASE.replace("\"quantity\":1", "\"quantity\":1" + "0".repeat(5_000)))
                        .getMessage())
                .as("a number too long is not a nesting problem")
                .startsWith("body: breaks a JSON limit: Number value length (5001) exceeds");
        // a Kafka record (up to 2 MiB) may hold a string longer than a body may: Jackson gives the
        // length it had read when it stopped (1114112 here), so the message gives the limit only
        byte[] longString = ("{\"eventId\":\"e\",\"note\":\"" + "x".repeat(1_500_000) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThatThrownBy(() -> parser.parse(longString))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        x -> assertThat(x.getMessage())
                                .endsWith("breaks a JSON limit: a string longer than 1048576 characters"
                                        + " (RAPPORT_MAX_BODY_BYTES)"));
        assertThat(refusal("{\"eventId\":\"a\",\"eventId\":\"b\"}").field()).isEqualTo("eventId");
        assertThat(refusal("[]").field()).isEqualTo("events");
        assertThat(refusal("42").field()).isEqualTo("body");
    }

    @Test
    void shouldRefuseTooLargeBatchesAsTooLarge() {
        String many = "[" + String.join(",", java.util.Collections.nCopies(1001, PURCHASE)) + "]";
        InvalidEventException e = refusal(many);
        assertThat(e.tooLarge()).isTrue();
        assertThat(e.field()).isEqualTo("events");
        byte[] huge = new byte[Limits.DEFAULTS.maxBodyBytes() + 1];
        assertThatThrownBy(() -> parser.parseBatch(huge))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        x -> assertThat(x.tooLarge()).isTrue());
    }

    @Test
    void anIdThatIsBlank_orHoldsALineSeparatorOrANoncharacter_isRefused() {
        for (String id : new String[] {
            " ", "  ", "a\\u2028b", "a\\u2029", "\\uffff", "x\\ufdd0", "\\ud83f\\udfff", "a\\udbff\\udffe"
        }) { // the last two: U+1FFFF and U+10FFFE, noncharacters of other planes
            String body = "{\"eventId\":\"e\",\"type\":\"view\",\"customerId\":\"" + id
                    + "\",\"timestamp\":1000,\"items\":[{\"itemId\":\"i\"}]}";
            assertThat(batchRefusal(body))
                    .as(id)
                    .isEqualTo("customerId: must not be blank or hold a line separator or a noncharacter"
                            + " (U+2028, U+2029, U+FFFF …)");
        }
        String emoji = "{\"eventId\":\"e\",\"type\":\"view\",\"customerId\":\"\\ud83d\\ude00\",\"timestamp\":1000,"
                + "\"items\":[{\"itemId\":\"\\ud83e\\udd5b\"}]}";
        assertThat(parser.parseBatch(emoji.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .as("other characters of other planes stay ids")
                .singleElement()
                .extracting(Event::customerId)
                .isEqualTo("\ud83d\ude00");
        String spaced = "{\"eventId\":\"e\",\"type\":\"view\",\"customerId\":\" c 42 \",\"timestamp\":1000,"
                + "\"items\":[{\"itemId\":\"whole milk\"}]}";
        assertThat(parser.parseBatch(spaced.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .singleElement()
                .extracting(Event::customerId)
                .isEqualTo(" c 42 ");
    }

    @Test
    void invalidJson_isSaidInPlainWords_withoutTheParsersInternals() {
        String ok = "{\"eventId\":\"e\",\"type\":\"view\",\"customerId\":\"c\",\"timestamp\":1000,"
                + "\"items\":[{\"itemId\":\"i\"}]}";
        assertThat(batchRefusal(ok + " " + ok))
                .isEqualTo(
                        "body: is not valid JSON: has more after the JSON value (a second value or a stray character)");
        for (String trailing : new String[] {"[" + ok + "]]", ok + "}", "[] x"}) {
            assertThat(batchRefusal(trailing))
                    .as(trailing)
                    .isEqualTo("body: is not valid JSON: has more after the JSON value (a second value or a stray"
                            + " character)");
        }
        assertThat(batchRefusal(ok.replace("1000", String.valueOf(System.currentTimeMillis() + 2 * 86_400_000L))))
                .isEqualTo("timestamp: lies more than 1d in the future");
        assertThat(batchRefusal("]")).as("nothing before it").startsWith("body: is not valid JSON: Unexpected close");
        assertThat(batchRefusal("not json")).startsWith("body: is not valid JSON: Unrecognized token 'not'");
        assertThat(batchRefusal("# comment")).startsWith("body: is not valid JSON: Unexpected character ('#'");
        byte[] overlong =
                (ok.substring(0, 12) + "??" + ok.substring(13)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        overlong[12] = (byte) 0xC0;
        overlong[13] = (byte) 0xAF;
        assertThatThrownBy(() -> parser.parseBatch(overlong))
                .hasMessage("body: is not valid UTF-8 (byte 12)")
                .as("an overlong '/' the JSON parser would read");
        assertThat(batchRefusal("[".repeat(40) + "]".repeat(40)))
                .isEqualTo("body: breaks a JSON limit (nesting depth at most 32): Document nesting depth (33) exceeds"
                        + " the maximum allowed (32)");
        assertThat(batchRefusal("{\"q\":NaN}")).isEqualTo("body: is not valid JSON: Non-standard token 'NaN' (at q)");
        assertThat(batchRefusal("[" + ok + ",{\"eventId\":\"e-2\",\"items\":[{\"itemId\":\"a\",\"price\":NaN}]}]"))
                .as("where in a batch")
                .isEqualTo("body: is not valid JSON: Non-standard token 'NaN' (at events[1].items[0].price)");
        assertThat(batchRefusal("/*c*/" + ok)).doesNotContain("Feature").doesNotContain("ALLOW");
        assertThat(batchRefusal("{\"eventId\":\"e")).doesNotContain("VALUE_STRING");
        assertThat(batchRefusal("{\"eventId\":\"e\",\n\"x\":tru}"))
                .startsWith("body: is not valid JSON: Unrecognized token 'tru'")
                .doesNotContain("Source");
    }

    private String batchRefusal(String body) {
        try {
            parser.parseBatch(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (InvalidEventException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a refusal of " + body);
    }

    @Test
    void shouldCheckRequiredFieldsPerType() {
        String base = "{\"eventId\":\"e\",\"customerId\":\"c\",\"timestamp\":1000,";
        assertThat(refusal(base + "\"type\":\"view\",\"items\":[]}").field()).isEqualTo("items");
        assertThat(refusal(base + "\"type\":\"search\"}").field()).isEqualTo("query");
        assertThat(refusal(base + "\"type\":\"offer_click\"}").field()).isEqualTo("offerId");
        assertThat(refusal(base + "\"type\":\"feedback\",\"rating\":6}").field())
                .isEqualTo("rating");
        assertThat(refusal(base + "\"type\":\"profile_update\",\"attributes\":{\"birthday\":\"1990-02-30\"}}")
                        .field())
                .isEqualTo("attributes.birthday");
        assertThat(refusal(base + "\"type\":\"profile_update\",\"attributes\":{\"marketingConsent\":\"yes\"}}")
                        .field())
                .isEqualTo("attributes.marketingConsent");
        for (String birthday : new String[] {"+12000-01-01", "-0001-01-01", "0000-06-15", "1990-1-05"}) {
            assertThat(refusal(base + "\"type\":\"profile_update\",\"attributes\":{\"birthday\":\"" + birthday + "\"}}")
                            .getMessage())
                    .as(birthday)
                    .isEqualTo("attributes.birthday: must be a date as YYYY-MM-DD");
        }
        LocalDate today = LocalDate.ofInstant(NOW, ZoneOffset.UTC);
        for (LocalDate future : List.of(today.plusDays(2), LocalDate.of(9999, 12, 31))) {
            assertThat(refusal(base + "\"type\":\"profile_update\",\"attributes\":{\"birthday\":\"" + future + "\"}}")
                            .getMessage())
                    .as("a birthday after tomorrow, UTC: the event's own time (1970) does not matter")
                    .isEqualTo("attributes.birthday: lies in the future (today is " + today + " in UTC)");
        }
        assertThat(batch(base + "\"type\":\"profile_update\",\"attributes\":{\"birthday\":\"" + today.plusDays(1)
                        + "\"}}"))
                .as("born on UTC's tomorrow, east of UTC")
                .hasSize(1);
        for (String holdout : new String[] {"\"true\"", "1", "0", "\"yes\""}) {
            assertThat(refusal(base + "\"type\":\"offer_impression\",\"offerId\":\"o\",\"holdout\":" + holdout + "}")
                            .getMessage())
                    .as(holdout)
                    .isEqualTo("holdout: must be true or false");
        }
        assertThat(refusal(base + "\"type\":\"offer_click\",\"offerId\":\"o\",\"recommendationId\":7}")
                        .field())
                .isEqualTo("recommendationId");
        assertThat(batch(base + "\"type\":\"offer_impression\",\"offerId\":\"o\",\"holdout\":false}"))
                .hasSize(1);
        assertThat(refusal(base + "\"type\":\"profile_update\",\"attributes\":{\"tier\":\"gold\\u0000\"}}")
                        .getMessage())
                .isEqualTo("attributes.tier: must not contain control characters");
        Event update = batch(base + "\"type\":\"profile_update\",\"attributes\":{\"birthday\":\"1990-01-31\","
                        + "\"marketingConsent\":true,\"tier\":\"gold\"}}")
                .get(0);
        assertThat(update.attributes()).containsEntry("marketingConsent", true).containsEntry("tier", "gold");
        assertThat(batch(base + "\"type\":\"erase\"}").get(0).type()).isEqualTo(EventType.ERASE);
        String aheadErase = "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"erase\",\"timestamp\":\""
                + NOW.plus(Duration.ofHours(23)) + "\"}";
        assertThat(refusal(aheadErase).getMessage())
                .as("it would swallow the customer's real events of the next 23 hours")
                .isEqualTo("timestamp: an erase may lie at most 1 minute in the future: every event of the customer"
                        + " dated before it would be ignored");
    }

    @Test
    void anErasesThrough_movesItsCutToTheCustomersLatestEventTime_withinTheFutureSkew() {
        String erase = "{\"eventId\":\"e\",\"customerId\":\"c\",\"type\":\"erase\",\"timestamp\":\"" + NOW + "\"";
        Instant ahead = NOW.plus(Duration.ofHours(20));

        assertThat(batch(erase + ",\"through\":\"" + ahead + "\"}").get(0).timestamp())
                .isEqualTo(ahead.toEpochMilli());
        assertThat(parser.tryParseItemEvent(
                        (erase + ",\"through\":\"" + ahead + "\"}").getBytes(StandardCharsets.UTF_8)))
                .as("the jobs' fast path leaves it to the full parse")
                .isNull();
        assertThat(batch(erase + ",\"through\":" + NOW.minusSeconds(60).toEpochMilli() + "}")
                        .get(0)
                        .timestamp())
                .as("an earlier through changes nothing")
                .isEqualTo(NOW.toEpochMilli());
        assertThat(batch(erase + ",\"through\":null}").get(0).timestamp()).isEqualTo(NOW.toEpochMilli());
        assertThat(refusal(erase + ",\"through\":\"" + NOW.plus(Duration.ofHours(25)) + "\"}")
                        .getMessage())
                .isEqualTo("through: lies more than 1d in the future");
        assertThat(refusal(erase + ",\"through\":\"soon\"}").field()).isEqualTo("through");
        String view = "{\"eventId\":\"v\",\"customerId\":\"c\",\"type\":\"view\",\"timestamp\":\"" + NOW
                + "\",\"items\":[{\"itemId\":\"i\"}],\"through\":\"" + ahead + "\"}";
        assertThat(batch(view).get(0).timestamp()).as("only an erase reads it").isEqualTo(NOW.toEpochMilli());
    }

    @Test
    void shouldBoundAProfileUpdatesAttributes_keysKeyLengthAndValueSize() {
        String base = "{\"eventId\":\"e\",\"customerId\":\"c\",\"timestamp\":1000,\"type\":\"profile_update\",";
        StringBuilder hundred = new StringBuilder();
        for (int k = 0; k < 100; k++) {
            hundred.append(k == 0 ? "" : ",").append("\"k").append(k).append("\":1");
        }
        assertThat(batch(base + "\"attributes\":{" + hundred + "}}").get(0).attributes())
                .hasSize(100);
        InvalidEventException tooMany = refusal(base + "\"attributes\":{" + hundred + ",\"k100\":1}}");
        assertThat(tooMany.field()).isEqualTo("attributes");
        assertThat(tooMany.getMessage()).isEqualTo("attributes: must hold at most 100 keys, had 101");

        String longKey = "k".repeat(257);
        assertThat(refusal(base + "\"attributes\":{\"" + longKey + "\":1}}").getMessage())
                .isEqualTo("attributes: keys must be 1 to 256 characters long");
        assertThat(refusal(base + "\"attributes\":{\"\":1}}").field()).isEqualTo("attributes");
        assertThat(refusal(base + "\"attributes\":{\"a\\u0007b\":1}}").field()).isEqualTo("attributes");

        String value = "v".repeat(4094); // 4,096 characters as JSON with its quotes
        assertThat(batch(base + "\"attributes\":{\"note\":\"" + value + "\"}}")).hasSize(1);
        InvalidEventException tooLong = refusal(base + "\"attributes\":{\"note\":\"" + value + "v\"}}");
        assertThat(tooLong.field()).isEqualTo("attributes.note");
        assertThat(tooLong.getMessage()).isEqualTo("attributes.note: must be at most 4096 characters as JSON");
        assertThat(refusal(base + "\"attributes\":{\"list\":[\"" + value + "\"]}}")
                        .field())
                .as("a nested value counts as its JSON")
                .isEqualTo("attributes.list");
    }

    @Test
    void anElementThatIsNotAnObject_isNamedByItsPlace() {
        assertThat(refusal("[1,2]").field()).isEqualTo("events[0]");
        assertThat(refusal("[1,2]").getMessage()).isEqualTo("events[0]: must be a JSON object");
        assertThat(refusal(PURCHASE.replace("\"items\":[{", "\"items\":[null,{"))
                        .field())
                .isEqualTo("items[0]");
        assertThat(refusal("[" + PURCHASE.replace("\"items\":[{", "\"items\":[7,{") + "]")
                        .field())
                .isEqualTo("events[0].items[0]");
    }

    @Test
    void shouldAcceptLineBreaksInAFeedbackComment_butNotInIdsOrAQuery() {
        String base = "{\"eventId\":\"e\",\"customerId\":\"c\",\"timestamp\":1000,";
        Event feedback = batch(
                        base + "\"type\":\"feedback\",\"rating\":5,\"comment\":\"Great.\\r\\nWould\\tbuy again\"}")
                .get(0);
        assertThat(feedback.comment()).isEqualTo("Great.\r\nWould\tbuy again");
        assertThat(refusal(base + "\"type\":\"feedback\",\"rating\":5,\"comment\":\"a\\u0007b\"}")
                        .field())
                .isEqualTo("comment");
        assertThat(refusal(base + "\"type\":\"search\",\"query\":\"milk\\nbread\"}")
                        .field())
                .isEqualTo("query");
        assertThat(refusal(base + "\"type\":\"search\",\"query\":\"milk\",\"channel\":\"w\\neb\"}")
                        .field())
                .isEqualTo("channel");
    }

    private static final String VIEW = "{\"eventId\":\"e\",\"type\":\"view\",\"customerId\":\"c\","
            + "\"items\":[{\"itemId\":\"i\"}],\"timestamp\":1000}";

    @Test
    void aBatchOfSeveralEvents_returnsEveryEventInItsOrder() {
        List<Event> events = batch(
                "[" + VIEW.replace("\"e\"", "\"e-1\"") + "," + PURCHASE + "," + VIEW.replace("\"e\"", "\"e-3\"") + "]");

        assertThat(events).extracting(Event::eventId).containsExactly("e-1", "e-1", "e-3");
        assertThat(events).extracting(Event::type).containsExactly(EventType.VIEW, EventType.PURCHASE, EventType.VIEW);
        assertThat(parser.limits()).isSameAs(Limits.DEFAULTS);
    }

    @Test
    void aBodyOfExactlyTheByteLimit_andABatchOfExactlyTheEventLimit_areTaken_oneMoreIsNot() {
        String three = "[" + VIEW + "," + VIEW + "," + VIEW + "]";
        int bytes = three.getBytes(StandardCharsets.UTF_8).length;
        // a body limit of exactly the three-event batch's length, and a batch limit of 3 events
        EventParser small = new EventParser(
                new Limits(bytes, 3, 4, 5, 12, 8, 16, Duration.ofDays(1), 100), Clock.fixed(NOW, ZoneOffset.UTC));

        assertThat(small.parseBatch(three.getBytes(StandardCharsets.UTF_8))).hasSize(3);
        assertThatThrownBy(() -> small.parseBatch((three + " ").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.tooLarge()).isTrue())
                .hasMessage("body: is " + (bytes + 1) + " bytes, over the limit of " + bytes);
        String four = "[" + VIEW + "," + VIEW + "," + VIEW + "," + VIEW + "]";
        EventParser roomy = new EventParser(
                new Limits(1 << 20, 3, 4, 5, 12, 8, 16, Duration.ofDays(1), 100), Clock.fixed(NOW, ZoneOffset.UTC));
        assertThatThrownBy(() -> roomy.parseBatch(four.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.tooLarge()).isTrue())
                .hasMessage("events: has 4 events, over the limit of 3");
    }

    @Test
    void aBodyWhoseFirstByteIsNotUtf8_namesByte0() {
        byte[] body = VIEW.getBytes(StandardCharsets.UTF_8);
        body[0] = (byte) 0xFF; // never a byte of UTF-8

        assertThatThrownBy(() -> parser.parseBatch(body)).hasMessage("body: is not valid UTF-8 (byte 0)");
    }

    @Test
    void anEmptyBody_isSaidToBeEmpty() {
        assertThat(batchRefusal("")).isEqualTo("body: is empty");
        assertThat(batchRefusal(" \n\t ")).isEqualTo("body: is empty");
        assertThatThrownBy(() -> parser.parse(new byte[0])).hasMessage("event: is empty");
    }

    @Test
    void aBodyThatCannotBeDecoded_isRefusedAsTheBody_notWithAnInternalError() {
        // Valid UTF-8 (NULs and ASCII) that Jackson would take for UTF-32, whose second "character",
        // 7F7F7F7F, lies past U+10FFFF (an IOException that is no JSON error): refused before, as no
        // UTF-8 JSON text has a NUL in its first four bytes.
        byte[] utf32 = {0, 0, 0, '"', 0x7F, 0x7F, 0x7F, 0x7F, 0, 0, 0, '"'};

        assertThatThrownBy(() -> parser.parseBatch(utf32))
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.field()).isEqualTo("body"))
                .hasMessage("body: is not valid UTF-8 (byte 0)");
    }

    @Test
    void theFirstAndLastMillisecondOfTheRange_areTheEdgesOf1970To2200() {
        String view = VIEW.replace("1000}", "");
        assertThat(batch(view + "0}").get(0).timestamp())
                .as("1970-01-01T00:00:00Z")
                .isZero();
        assertThat(batch(view + "0.0}").get(0).timestamp()).as("as a float").isZero();
        assertThat(batch(view + "\"1970-01-01T00:00:00Z\"}").get(0).timestamp()).isZero();
        // 2200-01-01T00:00:00Z is past the range, not merely past the future skew
        assertThat(batchRefusal(view + EventParser.MAX_EPOCH_MILLIS + "}"))
                .isEqualTo("timestamp: must lie between 1970 and 2200");
        EventParser late =
                new EventParser(Limits.DEFAULTS, Clock.fixed(Instant.parse("2199-12-31T23:00:00Z"), ZoneOffset.UTC));
        assertThat(late.parseBatch((view + (EventParser.MAX_EPOCH_MILLIS - 1) + "}").getBytes(StandardCharsets.UTF_8))
                        .get(0)
                        .timestamp())
                .as("2199-12-31T23:59:59.999Z, with a clock an hour before it")
                .isEqualTo(EventParser.MAX_EPOCH_MILLIS - 1);
    }

    @Test
    void aWholeNumberPastALong_isRefused_notWrappedIntoTheRange() {
        // 2^64 + 1795366800000 = 18446744073709551616 + 1795366800000: its low 64 bits are
        // 2026-11-22T17:00:00Z, which a long conversion would keep
        assertThat(batchRefusal(VIEW.replace("1000}", "18446745869076351616}")))
                .isEqualTo("timestamp: must lie between 1970 and 2200");
    }

    @Test
    void anItemWithoutPriceOrQuantity_hasNone_notZero() {
        assertThat(batch(VIEW).get(0).items()).containsExactly(new Item("i", null, null, null));
        assertThat(batch(VIEW.replace("{\"itemId\":\"i\"}", "{\"itemId\":\"i\",\"price\":null,\"quantity\":null}"))
                        .get(0)
                        .items())
                .containsExactly(new Item("i", null, null, null));
    }

    @Test
    void aProfileUpdatesTierSignupDateAndBirthday_areChecked() {
        String base = "{\"eventId\":\"e\",\"customerId\":\"c\",\"timestamp\":1000,\"type\":\"profile_update\","
                + "\"attributes\":";
        assertThat(batchRefusal(base + "{\"tier\":5}}")).isEqualTo("attributes.tier: must be a string");
        assertThat(batchRefusal(base + "{\"tier\":[\"gold\"]}}")).isEqualTo("attributes.tier: must be a string");
        assertThat(batch(base + "{\"tier\":null}}").get(0).attributes()).containsEntry("tier", null);
        for (String bad : new String[] {"\"2020-02-30\"", "\"2020-2-03\"", "20200203", "\"+2020-02-03\""}) {
            assertThat(batchRefusal(base + "{\"signupDate\":" + bad + "}}"))
                    .as(bad)
                    .isEqualTo("attributes.signupDate: must be a date as YYYY-MM-DD");
        }
        assertThat(batch(base + "{\"signupDate\":\"2020-02-29\"}}").get(0).attributes())
                .containsEntry("signupDate", "2020-02-29");
        assertThat(batch(base + "{\"signupDate\":null}}")).hasSize(1);
        assertThat(batch(base + "{\"birthday\":\"0001-01-01\"}}").get(0).attributes())
                .as("AD 1 is the first year there is")
                .containsEntry("birthday", "0001-01-01");
    }

    @Test
    void aSourceNoteInTheParsersMessage_isSaidAsItsLineAndColumn() {
        assertThat(batchRefusal("{]"))
                .isEqualTo("body: is not valid JSON: Unexpected close marker ']': expected '}' (for Object starting"
                        + " (at column 1))");
        // the object opens on line 3, column 3 (after two line breaks and two spaces)
        assertThat(batchRefusal("\n\n  {\"a\":1\n]"))
                .isEqualTo("body: is not valid JSON: Unexpected close marker ']': expected '}' (for Object starting"
                        + " (at line 3, column 3)) (at a)");
        assertThat(EventParser.plain("x at [Source: REDACTED; line: 1]")).isEqualTo("x");
        assertThat(EventParser.plain("x at [Source: REDACTED; line: 2] y")).isEqualTo("x (at line 2) y");
        assertThat(EventParser.plain("x at [Source: REDACTED; line: 1, column: 4]"))
                .isEqualTo("x (at column 4)");
    }
}
