package io.rapport.event;

import static io.rapport.event.IsoTimestampsTest.formatterOutcome;
import static io.rapport.event.IsoTimestampsTest.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link IsoTimestamps} against its reference, {@code ISO_OFFSET_DATE_TIME}: every text, read fast or
 * left to the formatter, gets the formatter's value or the formatter's exception.
 */
class IsoTimestampsPropertiesTest {

    @Property(tries = 20_000)
    void textNearTheCommonShape_getsTheFormattersOutcome(@ForAll("nearlyTimestamps") String text) {
        assertThat(outcome(text)).as(text).isEqualTo(formatterOutcome(text));
    }

    @Property(tries = 20_000)
    void aTimestampWithOneCharacterChanged_getsTheFormattersOutcome(
            @ForAll("timestamps") String text,
            @ForAll("positions") int position,
            @ForAll("timestampCharacters") char c) {
        char[] chars = text.toCharArray();
        chars[position % chars.length] = c;
        String changed = new String(chars);
        assertThat(outcome(changed)).as(changed).isEqualTo(formatterOutcome(changed));
    }

    @Property(tries = 2_000)
    void anyString_getsTheFormattersOutcome(@ForAll String text) {
        assertThat(outcome(text)).isEqualTo(formatterOutcome(text));
    }

    @Property(tries = 10_000)
    void everyFormattedInstantWithAnOffsetUnder18Hours_isReadWithoutTheFormatter(@ForAll("timestamps") String text) {
        long expected = DateTimeFormatter.ISO_OFFSET_DATE_TIME
                .parse(text, Instant::from)
                .toEpochMilli();
        assertThat(IsoTimestamps.readCommonShape(text)).as(text).isEqualTo(expected);
    }

    /** Instants of years 0000 to 9999 as ISO_OFFSET_DATE_TIME writes them: 0 to 9 fraction digits, offsets < 18 h. */
    @Provide
    Arbitrary<String> timestamps() {
        long min = OffsetDateTime.parse("0000-01-02T00:00:00Z").toEpochSecond();
        long max = OffsetDateTime.parse("9999-12-30T23:59:59Z").toEpochSecond();
        Arbitrary<Integer> nanos = Arbitraries.oneOf(
                Arbitraries.just(0),
                Arbitraries.integers().between(0, 999).map(ms -> ms * 1_000_000),
                Arbitraries.integers().between(0, 999_999_999));
        Arbitrary<Integer> offsetMinutes =
                Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(-17 * 60 - 59, 17 * 60 + 59));
        return Combinators.combine(Arbitraries.longs().between(min, max), nanos, offsetMinutes)
                .as((second, nano, offset) -> Instant.ofEpochSecond(second, nano)
                        .atOffset(ZoneOffset.ofTotalSeconds(offset * 60))
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 40);
    }

    @Provide
    Arbitrary<Character> timestampCharacters() {
        return Arbitraries.of(
                '0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '-', '+', ':', '.', ',', 'T', 't', 'Z', 'z', ' ', 'x',
                '\u0660');
    }

    /** Text assembled from the parts of the shape, each sometimes out of range or in another form. */
    @Provide
    Arbitrary<String> nearlyTimestamps() {
        Arbitrary<String> year = Arbitraries.oneOf(
                Arbitraries.strings().numeric().ofLength(4),
                Arbitraries.of("0000", "1900", "1969", "1970", "2000", "2024", "2026", "2100", "9999"),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(6),
                Arbitraries.of("+", "-")
                        .flatMap(sign -> Arbitraries.strings()
                                .numeric()
                                .ofMinLength(4)
                                .ofMaxLength(10)
                                .map(digits -> sign + digits)));
        Arbitrary<String> date =
                Combinators.combine(year, twoDigits(0, 13), twoDigits(0, 32)).as((y, m, d) -> y + "-" + m + "-" + d);
        Arbitrary<String> fraction = Arbitraries.oneOf(
                Arbitraries.just(""),
                Arbitraries.strings().numeric().ofMaxLength(11).map(digits -> "." + digits),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(3).map(digits -> "," + digits));
        Arbitrary<String> seconds = Arbitraries.oneOf(
                Arbitraries.just(""),
                Combinators.combine(twoDigits(0, 61), fraction).as((s, f) -> ":" + s + f));
        Arbitrary<String> time =
                Combinators.combine(twoDigits(0, 25), twoDigits(0, 61), seconds).as((h, m, s) -> h + ":" + m + s);
        Arbitrary<String> offset = Arbitraries.oneOf(
                Arbitraries.of("Z", "z", "", "+00:00", "-00:00", "[UTC]", "Z[UTC]"),
                Combinators.combine(Arbitraries.of("+", "-"), twoDigits(0, 19), twoDigits(0, 61))
                        .as((sign, h, m) -> sign + h + ":" + m),
                Combinators.combine(
                                Arbitraries.of("+", "-"),
                                twoDigits(0, 19),
                                twoDigits(0, 61),
                                Arbitraries.of("", ":00", ":30", ":60", "00"))
                        .as((sign, h, m, rest) -> sign + h + m + rest),
                Combinators.combine(Arbitraries.of("+", "-"), twoDigits(0, 19)).as((sign, h) -> sign + h));
        return Combinators.combine(date, Arbitraries.of("T", "T", "T", "t", " "), time, offset)
                .as((d, t, tm, o) -> d + t + tm + o);
    }

    private static Arbitrary<String> twoDigits(int min, int max) {
        return Arbitraries.oneOf(
                Arbitraries.integers().between(min, max).map(v -> String.format(Locale.ROOT, "%02d", v)),
                Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(3));
    }
}
