package io.rapport.jobs.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.event.EventType;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.jobgraph.OperatorID;
import org.apache.flink.runtime.metrics.groups.InternalOperatorMetricGroup;
import org.apache.flink.runtime.metrics.groups.UnregisteredMetricGroups.UnregisteredTaskMetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParseCustomerEventsFunctionTest {
    private static final String PREFIX = "\"customerId\":\"c-42\",\"timestamp\":\"2024-09-02T10:00:00Z\"";

    private final InterceptingOperatorMetricGroup metrics = new InterceptingOperatorMetricGroup();
    private OneInputStreamOperatorTestHarness<String, CustomerEvent> harness;

    @BeforeEach
    void open() throws Exception {
        UnregisteredTaskMetricGroup taskMetrics = new UnregisteredTaskMetricGroup() {
            @Override
            public InternalOperatorMetricGroup getOrAddOperator(OperatorID id, String name) {
                return metrics;
            }
        };
        harness = new OneInputStreamOperatorTestHarness<>(
                new ProcessOperator<>(new ParseCustomerEventsFunction()),
                new MockEnvironmentBuilder().setMetricGroup(taskMetrics).build());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void everyValidType_becomesACustomerEvent_withItsFields() throws Exception {
        harness.processElement(
                "{\"eventId\":\"e-1\",\"type\":\"purchase\"," + PREFIX + ",\"orderId\":\"o-7\",\"items\":["
                        + "{\"itemId\":\"i-1\",\"category\":\"dairy\",\"price\":2.5,\"quantity\":2},"
                        + "{\"itemId\":\"i-2\",\"price\":1.0,\"quantity\":1}]}",
                0);
        harness.processElement(
                "{\"eventId\":\"e-2\",\"type\":\"add_to_cart\"," + PREFIX + ",\"items\":[{\"itemId\":\"i-3\"}]}", 0);
        harness.processElement(
                "{\"eventId\":\"e-3\",\"type\":\"feedback\"," + PREFIX + ",\"rating\":4,\"comment\":\"ok\"}", 0);
        harness.processElement(
                "{\"eventId\":\"e-4\",\"type\":\"profile_update\"," + PREFIX
                        + ",\"attributes\":{\"tier\":\"gold\",\"marketingConsent\":true}}",
                0);

        List<CustomerEvent> events = harness.extractOutputValues();
        assertThat(events)
                .extracting(e -> e.type)
                .containsExactly(
                        EventType.PURCHASE, EventType.ADD_TO_CART, EventType.FEEDBACK, EventType.PROFILE_UPDATE);
        CustomerEvent purchase = events.get(0);
        assertThat(purchase.orderId).isEqualTo("o-7");
        assertThat(purchase.itemIds).containsExactly("i-1", "i-2");
        assertThat(purchase.categories).containsExactly("dairy", null);
        assertThat(purchase.prices).containsExactly(2.5, 1.0);
        assertThat(purchase.quantities).containsExactly(2, 1);
        assertThat(events.get(1).quantities)
                .as("a cart add without quantity adds one")
                .containsExactly(1);
        assertThat(events.get(1).prices).containsExactly((Double) null);
        assertThat(events.get(2).rating).isEqualTo(4);
        assertThat(events.get(2).comment).isEqualTo("ok");
        assertThat(events.get(3).attributesJson).isEqualTo("{\"tier\":\"gold\",\"marketingConsent\":true}");
    }

    @Test
    void holdoutMarkers_areNoCustomerEvents_butShownImpressionsAre() throws Exception {
        harness.processElement(
                "{\"eventId\":\"h-1\",\"type\":\"offer_impression\"," + PREFIX
                        + ",\"offerId\":\"o-1\",\"channel\":\"app\",\"holdout\":true}",
                0);
        harness.processElement(
                "{\"eventId\":\"h-2\",\"type\":\"offer_impression\"," + PREFIX
                        + ",\"offerId\":\"o-1\",\"holdout\":false}",
                0);
        harness.processElement(
                "{\"eventId\":\"h-3\",\"type\":\"offer_click\"," + PREFIX + ",\"offerId\":\"o-1\",\"holdout\":true}",
                0);

        assertThat(harness.extractOutputValues()).extracting(e -> e.eventId).containsExactly("h-2", "h-3");
    }

    @Test
    void invalidEvents_areCountedAndDropped() throws Exception {
        harness.processElement("{\"eventId\":", 0);
        harness.processElement(
                "{\"eventId\":\"e-5\",\"type\":\"profile_update\"," + PREFIX
                        + ",\"attributes\":{\"birthday\":\"1990-02-30\"}}",
                0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(((Counter) metrics.get("invalidEvents")).getCount()).isEqualTo(2);
    }

    @Test
    void attributesTakeEffect_atTheEventTime_orAtTheRecordTimeIfEarlier() throws Exception {
        long sentAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toEpochMilli();
        String ahead = Instant.ofEpochMilli(sentAt).plus(Duration.ofHours(20)).toString();
        harness.processElement(
                "{\"eventId\":\"a-1\",\"type\":\"profile_update\",\"customerId\":\"c-42\",\"timestamp\":\"" + ahead
                        + "\",\"attributes\":{\"marketingConsent\":true}}",
                sentAt);
        harness.processElement(
                "{\"eventId\":\"a-2\",\"type\":\"profile_update\"," + PREFIX
                        + ",\"attributes\":{\"marketingConsent\":false}}",
                sentAt);
        harness.processElement(new StreamRecord<>(
                "{\"eventId\":\"a-3\",\"type\":\"profile_update\"," + PREFIX + ",\"attributes\":{\"tier\":\"gold\"}}"));

        List<CustomerEvent> events = harness.extractOutputValues();
        assertThat(events.get(0).timestamp).isEqualTo(Instant.parse(ahead).toEpochMilli());
        assertThat(events.get(0).attributesAt)
                .as("stamped 20 hours ahead of the clock: takes effect when Kafka got it")
                .isEqualTo(sentAt);
        long stamped = Instant.parse("2024-09-02T10:00:00Z").toEpochMilli();
        assertThat(events.get(1).attributesAt)
                .as("stamped in the past (an offline queue): its event time")
                .isEqualTo(stamped);
        assertThat(events.get(2).attributesAt)
                .as("a record without a timestamp: the event time")
                .isEqualTo(stamped);
    }
}
