package io.rapport.profile;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A profile's money ({@link Money}): to the cent, half a cent always up, whatever the binary noise. */
class MoneyTest {
    @Test
    void halfACent_goesUp_inBothDirectionsOfBinaryNoise() {
        // 565.97 / 2 = 282.985, a double just below it: Math.round sent it down to 282.98
        assertThat(Money.centsPer(565.97, 2)).isEqualTo(282.99);
        assertThat(Money.centsPer(383.63, 2)).isEqualTo(191.82);
        assertThat(Money.cents(14.094999999999999)).isEqualTo(14.10);
        assertThat(Money.cents(14.090000000000002)).isEqualTo(14.09);
        assertThat(Money.cents(0.1 + 0.2)).isEqualTo(0.30);
    }

    @Test
    void aWholeNumberOfCents_isKept() {
        assertThat(Money.centsPer(30.0, 3)).isEqualTo(10.0);
        assertThat(Money.centsPer(10.0, 3)).isEqualTo(3.33);
        assertThat(Money.cents(0)).isEqualTo(0.0);
    }

    @Test
    void noOrders_haveNoAverage() {
        assertThat(Money.centsPer(0, 0)).isNull();
        assertThat(Money.centsPer(12.5, 0)).isNull();
    }
}
