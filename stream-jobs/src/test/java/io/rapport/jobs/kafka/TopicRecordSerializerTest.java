package io.rapport.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

class TopicRecordSerializerTest {
    private final TopicRecordSerializer serializer = new TopicRecordSerializer("items");

    @Test
    void writesKeyAsUtf8_andValueBytesAsTheyAre() {
        byte[] value = "{\"itemId\":\"é\"}".getBytes(StandardCharsets.UTF_8);

        ProducerRecord<byte[], byte[]> record = serializer.serialize(new TopicRecord("é-1", value), null, 42L);

        assertThat(record.topic()).isEqualTo("items");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("é-1");
        assertThat(record.value()).isEqualTo(value);
    }

    @Test
    void recordCarriesNoEventTime_soTheBrokerNeverRefusesAFutureTimestamp() {
        long nextMonth = System.currentTimeMillis() + 30L * 24 * 3600 * 1000;

        ProducerRecord<byte[], byte[]> record =
                serializer.serialize(new TopicRecord("k", new byte[] {1}), null, nextMonth);

        assertThat(record.timestamp())
                .as("the producer stamps it with the time of writing")
                .isNull();
    }

    @Test
    void tombstone_hasNullValue_andNoKeyMeansNullKey() {
        assertThat(serializer
                        .serialize(TopicRecord.tombstone("i-1"), null, null)
                        .value())
                .isNull();
        assertThat(serializer
                        .serialize(new TopicRecord(null, new byte[] {1}), null, null)
                        .key())
                .isNull();
    }
}
