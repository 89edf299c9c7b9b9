package io.rapport.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kafka.Topics;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeadLetterCountTest {
    private final Views views = Views.empty();

    private static byte[] letter(String reason, String field, String raw, long at) {
        return ("{\"reason\":\"" + reason + "\",\"field\":\"" + field + "\",\"raw\":\"" + raw + "\",\"at\":" + at + "}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private void add(String key, byte[] value) {
        views.apply(Topics.DEAD_LETTERS, key, value);
    }

    @Test
    void theCount_isUnknownUntilTheTopicWasRead_thenWhole() {
        add("c-1", letter("items[0].price: must be >= 0", "items[0].price", "{}", 1));
        assertThat(views.deadLetters().count()).isEqualTo(-1);
        views.deadLetters().loaded();
        assertThat(views.deadLetters().count()).isEqualTo(1);
    }

    @Test
    void aLetterWrittenAgain_atAnotherTime_countsOnce() {
        // a job restarted from its checkpoint refuses the same record again, a minute later
        add("c-1", letter("items[0].price: must be >= 0", "items[0].price", "{\\\"p\\\":-1}", 1_000));
        add("c-1", letter("items[0].price: must be >= 0", "items[0].price", "{\\\"p\\\":-1}", 61_000));
        views.deadLetters().loaded();
        assertThat(views.deadLetters().count()).isEqualTo(1);
    }

    @Test
    void lettersDifferingInKeyReasonFieldOrRaw_countApart_aMissingKeyIncluded() {
        add("c-1", letter("r", "f", "x", 1));
        add("c-2", letter("r", "f", "x", 1));
        add(null, letter("r", "f", "x", 1));
        add("c-1", letter("r2", "f", "x", 1));
        add("c-1", letter("r", "f2", "x", 1));
        add("c-1", letter("r", "f", "y", 1));
        add(null, letter("r", "f", "x", 2)); // the keyless one again
        views.deadLetters().loaded();
        assertThat(views.deadLetters().count()).isEqualTo(6);
    }

    @Test
    void aRecordThatIsNoLetter_countsByItsWholeValue() {
        add("k", "not json".getBytes(StandardCharsets.UTF_8));
        add("k", "not json".getBytes(StandardCharsets.UTF_8));
        add("k", "{\"other\":1}".getBytes(StandardCharsets.UTF_8));
        add("k", null);
        add("k", null);
        views.deadLetters().loaded();
        assertThat(views.deadLetters().count()).isEqualTo(3);
    }

    @Test
    void manyLetters_growTheTable_andEachStillCountsOnce() {
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < 5_000; i++) {
                add("c-" + i, letter("r", "f", "x", round));
            }
        }
        views.deadLetters().loaded();
        assertThat(views.deadLetters().count()).isEqualTo(5_000);
    }

    @Test
    void fingerprints_areNeverTheFreeSlotsMark() {
        assertThat(DeadLetterCount.fingerprint("c-1", letter("r", "f", "x", 1))).isNotZero();
        assertThat(DeadLetterCount.fingerprint(null, null)).isNotZero();
    }
}
