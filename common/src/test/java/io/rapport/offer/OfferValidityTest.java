package io.rapport.offer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** {@link Offer#validAt}: from inclusive, to exclusive, on the UTC strings the validator keeps. */
class OfferValidityTest {

    @Test
    void validFromItsFirstMillisecondUntilTheOneBeforeValidTo() {
        Offer offer = Offers.offer("o-1", OfferTrigger.ALWAYS)
                .valid("2026-11-01T00:00:00Z", "2026-12-01T00:00:00.250Z")
                .build();
        long from = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2026-12-01T00:00:00.250Z").toEpochMilli();

        assertThat(offer.validAt(from - 1)).isFalse();
        assertThat(offer.validAt(from)).isTrue();
        assertThat(offer.validAt(to - 1)).isTrue();
        assertThat(offer.validAt(to)).isFalse();
    }

    @Test
    void aYearAfter9999_isReadToo() {
        Offer offer = Offers.offer("o-1", OfferTrigger.ALWAYS)
                .valid(
                        "2026-11-01T00:00:00Z",
                        Instant.parse("+10000-01-01T00:00:00Z").toString())
                .build();

        assertThat(offer.validAt(Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli()))
                .isTrue();
        assertThat(offer.validAt(Instant.parse("+10000-01-01T00:00:00Z").toEpochMilli()))
                .isFalse();
    }

    /** Any window as the validator stores it ({@code Instant.toString()}) agrees with {@code Instant.parse}. */
    @Property(tries = 5_000)
    void agreesWithInstantParse(
            @ForAll("instants") Instant a, @ForAll("instants") Instant b, @ForAll("instants") Instant now) {
        Instant from = a.isBefore(b) ? a : b;
        Instant to = a.isBefore(b) ? b : a.plusMillis(1);
        // a third of the tries ask at the window's very edges
        long pick = now.getEpochSecond() % 3;
        Instant at = pick == 0 ? from : pick == 1 ? to : now;
        Offer offer = Offers.offer("o-1", OfferTrigger.ALWAYS)
                .valid(from.toString(), to.toString())
                .build();
        long t = at.toEpochMilli();
        boolean expected = Instant.parse(from.toString()).toEpochMilli() <= t
                && t < Instant.parse(to.toString()).toEpochMilli();

        assertThat(offer.validAt(t)).as("%s %s %s", from, to, at).isEqualTo(expected);
    }

    /** Instants from 1970 to 2300, at whole seconds, whole milliseconds or any nanosecond. */
    @Provide
    Arbitrary<Instant> instants() {
        long max = Instant.parse("2300-01-01T00:00:00Z").getEpochSecond();
        return Arbitraries.longs()
                .between(0, max)
                .flatMap(second -> Arbitraries.oneOf(
                        Arbitraries.just(Instant.ofEpochSecond(second)),
                        Arbitraries.integers()
                                .between(0, 999)
                                .map(ms -> Instant.ofEpochSecond(second, ms * 1_000_000L)),
                        Arbitraries.integers().between(0, 999_999_999).map(ns -> Instant.ofEpochSecond(second, ns))));
    }
}
