package io.rapport.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.rapport.event.EventParser;
import io.rapport.event.InvalidEventException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventValueSchemaTest {
    private static final String VIEW = "{\"eventId\":\"e-1\",\"type\":\"view\",\"customerId\":\"c-1\","
            + "\"timestamp\":\"2026-11-22T17:00:00Z\",\"items\":[{\"itemId\":\"ITEM\"}]}";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void validUtf8_isReadAsIs_withoutARefusal() {
        for (String text :
                new String[] {VIEW, VIEW.replace("ITEM", "café ☕ 𝄞"), VIEW.replace("ITEM", "\uFFFD sent")}) {
            String value = EventValueSchema.read(null, utf8(text));
            assertThat(value).isEqualTo(text);
            assertThat(EventValueSchema.refusal(value)).isNull();
        }
    }

    @Test
    void aRecordWithoutAValue_isRefusedNamingTheEvent() {
        EventValueSchema.Refusal refusal = EventValueSchema.refusal(EventValueSchema.read(utf8("c-1"), null));

        assertThat(refusal.reason().field()).isEqualTo("event");
        assertThat(refusal.reason().getMessage()).isEqualTo("event: is null: the record has no value");
        assertThat(refusal.key()).as("where its producer can be found").isEqualTo("c-1");
        assertThat(refusal.raw()).isEmpty();
    }

    @Test
    void bytesThatAreNotUtf8_areRefusedWithTheFirstBadOffset_andTheTextAsFarAsItReads() {
        byte[] good = utf8(VIEW.replace("ITEM", "ab"));
        byte[] bad = good.clone();
        int at = VIEW.indexOf("ITEM") + 1; // the "b"
        bad[at] = (byte) 0xff;

        String value = EventValueSchema.read(null, bad);
        EventValueSchema.Refusal refusal = EventValueSchema.refusal(value);

        assertThat(refusal.reason().getMessage()).isEqualTo("event: is not valid UTF-8 (byte " + at + ")");
        assertThat(refusal.raw()).isEqualTo(VIEW.replace("ITEM", "a\uFFFD"));
        assertThat(refusal.key()).as("a record without a key").isNull();
        assertThat(io.rapport.event.Utf8.firstMalformedByte(good)).isEqualTo(-1);
        // a sequence cut short at the end of the value
        assertThat(io.rapport.event.Utf8.firstMalformedByte(new byte[] {'a', (byte) 0xe2, (byte) 0x98}))
                .isEqualTo(1);
    }

    @Test
    void aRefusedValue_isRefusedByTheEventParserToo_soNoJobCountsIt() {
        for (String value :
                new String[] {EventValueSchema.read(null, null), EventValueSchema.read(null, new byte[] {(byte) 0xc3})
                }) {
            assertThatThrownBy(() -> new EventParser().parse(utf8(value))).isInstanceOf(InvalidEventException.class);
            assertThat(new EventParser().tryParseItemEvent(utf8(value))).isNull();
        }
    }
}
