package io.rapport.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A profile's money ({@link Money}): to the cent, half a cent always up, whatever the binary noise; averages unrounded. */
class MoneyTest {
    @Test
    void halfACent_goesUp_inBothDirectionsOfBinaryNoise() {
        assertThat(Money.cents(14.094999999999999)).isEqualTo(14.10);
        assertThat(Money.cents(14.090000000000002)).isEqualTo(14.09);
        assertThat(Money.cents(0.1 + 0.2)).isEqualTo(0.30);
    }

    @Test
    void aWholeNumberOfCents_isKept() {
        assertThat(Money.cents(30.0)).isEqualTo(30.0);
        assertThat(Money.cents(0)).isEqualTo(0.0);
    }

    @Test
    void anAverage_isTheShownAmountOverTheCount_notRoundedAgain() {
        assertThat(Money.average(12.75, 2)).as("aov × orders = monetary").isEqualTo(6.375);
        assertThat(Money.average(565.97, 2)).isEqualTo(282.985);
        assertThat(Money.average(10.0, 3)).isEqualTo(10.0 / 3);
        assertThat(Money.average(30.0, 3)).isEqualTo(10.0);
        assertThat(Money.average(0.1 + 0.2, 1)).as("of the amount as shown").isEqualTo(0.30);
    }

    @Test
    void noOrders_haveNoAverage() {
        assertThat(Money.average(0, 0)).isNull();
        assertThat(Money.average(12.5, 0)).isNull();
    }
}
