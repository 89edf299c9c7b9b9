package io.rapport.rank;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class DecimalsTest {
    @Test
    void oneDecimal_matchesStringFormatWithoutENotation() {
        for (double x : new double[] {0, 0.04, 0.05, 1.25, 212.44, -3, -0.04, 12345678.91, 3.95}) {
            assertThat(Decimals.one(x))
                    .as("%s", x)
                    .isEqualTo(String.format(Locale.ROOT, "%.1f", x).replace("-0.0", "0.0"));
        }
    }
}
