package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.FeedbackSummary;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.OfferResponses;
import io.rapport.store.ViewConsumer;
import io.rapport.store.Views;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The API's views loading the compacted topics at start-up from a real KRaft broker whose records
 * are not compacted yet: an erased customer's old profile (and bought items) must never show while
 * the load has not reached the erase's tombstone, and a customer's older profiles never show once a
 * newer one is on the topic.
 */
class ViewLoadIT {
    @TempDir
    Path dataDir;

    @Test
    void anErasedCustomer_neverShowsDuringTheLoad_andOnlyLatestProfilesReachTheViews() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(dataDir, Ports.free())) {
            TopicSetup.ensure(broker.bootstrapServers(), 1);
            try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
                producer.send(new ProducerRecord<>(Topics.PROFILES, "gone", profile("gone", 2)));
                producer.send(new ProducerRecord<>(Topics.CUSTOMER_ITEMS, "gone", items("milk")));
                for (int orders = 1; orders <= 200; orders++) {
                    producer.send(new ProducerRecord<>(Topics.PROFILES, "kept", profile("kept", orders)));
                }
                producer.send(new ProducerRecord<>(Topics.PROFILES, "gone", null));
                producer.send(new ProducerRecord<>(Topics.CUSTOMER_ITEMS, "gone", null));
                producer.flush();
            }

            Views views = Views.empty();
            List<String> seen = new CopyOnWriteArrayList<>();
            views.profiles().onChange(id -> {
                CustomerProfile p = views.profiles().find(id);
                seen.add(id + ":" + (p == null ? "none" : p.orders()));
            });
            List<String> boughtBy = new CopyOnWriteArrayList<>();
            views.customers().onChange(boughtBy::add);
            try (ViewConsumer consumer = new ViewConsumer(broker.bootstrapServers(), views)) {
                consumer.start();
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> views.progress().caughtUp());

                assertThat(views.profiles().find("gone")).isNull();
                assertThat(views.profiles().find("kept").orders()).isEqualTo(200);
                assertThat(seen).as("every change the views saw").containsExactly("kept:200");
                assertThat(boughtBy)
                        .as("the erased customer's bought items never loaded")
                        .doesNotContain("gone");
            }
        }
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    private static byte[] items(String item) {
        return Json.encode(Map.of("customerId", "gone", "items", List.of(item)));
    }

    private static byte[] profile(String id, int orders) {
        long t = 1_764_900_000_000L;
        return Json.encode(new CustomerProfile(
                id,
                t,
                t,
                orders,
                orders,
                orders * 2.5,
                2.5,
                t,
                JourneyStage.REPEAT,
                List.of(),
                List.of(),
                List.of(),
                null,
                Map.of(),
                FeedbackSummary.NONE,
                OfferResponses.NONE,
                t));
    }
}
