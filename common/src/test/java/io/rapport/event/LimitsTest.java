package io.rapport.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LimitsTest {

    @Test
    void withoutVariablesTheDocumentedDefaultsApply() {
        Limits limits = Limits.fromEnvironment(Map.of("RAPPORT_PORT", "8080", "RAPPORT_MAX_PRICE", " "));
        assertThat(limits).isEqualTo(Limits.DEFAULTS);
        assertThat(limits.maxBodyBytes()).isEqualTo(1024 * 1024);
        assertThat(limits.maxBatchEvents()).isEqualTo(1000);
        assertThat(limits.maxItemsPerEvent()).isEqualTo(500);
        assertThat(limits.maxQuantity()).isEqualTo(10_000);
        assertThat(limits.maxPrice()).isEqualTo(1_000_000);
        assertThat(limits.maxIdLength()).isEqualTo(256);
        assertThat(limits.maxNestingDepth()).isEqualTo(32);
        assertThat(limits.maxFutureSkew()).isEqualTo(Duration.ofDays(1));
        assertThat(limits.maxQueryLimit()).isEqualTo(100);
        assertThat(limits.maxAttributes()).isEqualTo(100);
    }

    @Test
    void everyLimitReadsItsVariable() {
        Limits limits = Limits.fromEnvironment(Map.ofEntries(
                Map.entry("RAPPORT_MAX_BODY_BYTES", "2048"),
                Map.entry("RAPPORT_MAX_BATCH_EVENTS", "10"),
                Map.entry("RAPPORT_MAX_ITEMS_PER_EVENT", "5"),
                Map.entry("RAPPORT_MAX_QUANTITY", "99"),
                Map.entry("RAPPORT_MAX_ID_LENGTH", "64"),
                Map.entry("RAPPORT_MAX_NESTING_DEPTH", "8"),
                Map.entry("RAPPORT_MAX_TEXT_LENGTH", "100"),
                Map.entry("RAPPORT_MAX_FUTURE_SKEW", "12h"),
                Map.entry("RAPPORT_MAX_QUERY_LIMIT", "50"),
                Map.entry("RAPPORT_MAX_PRICE", "2500.50"),
                Map.entry("RAPPORT_MAX_ATTRIBUTES", "20")));
        assertThat(limits).isEqualTo(new Limits(2048, 10, 5, 99, 64, 8, 100, Duration.ofHours(12), 50, 2500.5, 20));
    }

    @Test
    void skewText_isWrittenAsTheVariableTakesIt() {
        assertThat(Limits.skewText(Duration.ofDays(1))).isEqualTo("1d");
        assertThat(Limits.skewText(Duration.ofHours(36))).isEqualTo("36h");
        assertThat(Limits.skewText(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Limits.skewText(Duration.ofSeconds(90))).isEqualTo("90s");
        assertThat(Limits.skewText(Duration.ZERO)).isEqualTo("0s");
        for (String s : new String[] {"1d", "36h", "90m", "90s", "0s"}) {
            assertThat(Limits.skewText(Limits.fromEnvironment(Map.of("RAPPORT_MAX_FUTURE_SKEW", s))
                            .maxFutureSkew()))
                    .isEqualTo(s);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "RAPPORT_MAX_BATCH_EVENTS, 0",
        "RAPPORT_MAX_BATCH_EVENTS, lots",
        "RAPPORT_MAX_BODY_BYTES, 1.5",
        "RAPPORT_MAX_PRICE, -1",
        "RAPPORT_MAX_PRICE, NaN",
        "RAPPORT_MAX_PRICE, Infinity",
        "RAPPORT_MAX_FUTURE_SKEW, 12",
        "RAPPORT_MAX_FUTURE_SKEW, 1w",
        "RAPPORT_MAX_FUTURE_SKEW, -1d",
    })
    void aBadValueIsRefusedNamingItsVariable(String name, String value) {
        assertThatThrownBy(() -> Limits.fromEnvironment(Map.of(name, value)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(name + " must be ")
                .hasMessageContaining("'" + value + "'");
    }

    @Test
    void lengthsAreCountedInCharacters() {
        String emoji = "\ud83d\ude00";
        assertThat(Limits.longerThan(emoji.repeat(3), 3)).isFalse();
        assertThat(Limits.longerThan(emoji.repeat(4), 3)).isTrue();
        assertThat(Limits.longerThan("abcd", 3)).isTrue();
        assertThat(Limits.longerThan("abc", 3)).isFalse();
    }

    @Test
    void one_isTheLeastLimit_andAPriceLimitMustBeAboveZero() {
        assertThat(Limits.fromEnvironment(Map.of("RAPPORT_MAX_BATCH_EVENTS", "1"))
                        .maxBatchEvents())
                .isEqualTo(1);
        assertThat(Limits.fromEnvironment(Map.of("RAPPORT_MAX_PRICE", "0.01")).maxPrice())
                .isEqualTo(0.01);
        assertThatThrownBy(() -> Limits.fromEnvironment(Map.of("RAPPORT_MAX_PRICE", "0")))
                .hasMessageContaining("RAPPORT_MAX_PRICE");
        // the record itself takes 0 (no priced line at all), not below
        assertThat(new Limits(1, 1, 1, 1, 1, 1, 1, Duration.ZERO, 1, 0, 1).maxPrice())
                .isZero();
        assertThatThrownBy(() -> new Limits(1, 1, 1, 1, 1, 1, 1, Duration.ZERO, 1, -0.5, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTextOfExactlyMaxCodePoints_isNotTooLong_evenWhenItHasMoreUtf16Units() {
        // "\uD83D\uDE00a" is 2 code points in 3 UTF-16 units
        assertThat(Limits.longerThan("\uD83D\uDE00a", 2)).isFalse();
        assertThat(Limits.longerThan("\uD83D\uDE00ab", 2)).isTrue();
        assertThat(Limits.longerThan("ab", 2)).isFalse();
    }
}
