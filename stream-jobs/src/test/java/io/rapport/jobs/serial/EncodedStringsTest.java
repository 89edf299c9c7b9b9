package io.rapport.jobs.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class EncodedStringsTest {

    @Test
    void sameInstance_isEncodedOnce_anEqualNewInstanceAgain_withTheSameBytes() {
        AtomicInteger encodings = new AtomicInteger();
        EncodedStrings cache = new EncodedStrings(16, s -> {
            encodings.incrementAndGet();
            return s.getBytes(StandardCharsets.UTF_8);
        });
        String milk = "whole milk";

        byte[] first = cache.of(milk);
        byte[] again = cache.of(milk);
        byte[] equal = cache.of(new String("whole milk"));

        assertThat(again).isSameAs(first);
        assertThat(equal).isEqualTo(first);
        assertThat(encodings).hasValue(2);
    }

    @Test
    void collidingStrings_replaceEachOther_andStillEncodeRight() {
        EncodedStrings cache = new EncodedStrings(1, s -> s.getBytes(StandardCharsets.UTF_8));

        for (String s : new String[] {"a", "caf\u00e9", "a", ""}) {
            assertThat(cache.of(s)).isEqualTo(s.getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> new EncodedStrings(3, s -> new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
