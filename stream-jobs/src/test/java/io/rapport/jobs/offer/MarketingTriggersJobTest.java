package io.rapport.jobs.offer;

import static io.rapport.jobs.offer.OfferEvents.MONDAY;
import static io.rapport.jobs.offer.OfferEvents.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.jobs.testing.CollectingSink;
import io.rapport.jobs.testing.JobTestEnvironment;
import io.rapport.kafka.Json;
import io.rapport.offer.ContactCaps;
import io.rapport.offer.ContactClass;
import io.rapport.offer.MarketingAction;
import io.rapport.offer.OfferCatalogue;
import io.rapport.offer.OfferTrigger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole job on a MiniCluster at parallelism 2, without Kryo: carts abandoned, bought, erased. */
class MarketingTriggersJobTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final long MINUTE = 60_000;

    @Test
    void firesOneReminderPerAbandonedCart(@InjectMiniCluster MiniCluster cluster) throws Exception {
        String cartItem = ",\"items\":[{\"itemId\":\"tea\"}]";
        String consent = ",\"attributes\":{\"marketingConsent\":true}";
        List<String> events = new ArrayList<>();
        for (int c = 0; c < 10; c++) {
            String customer = "c-" + c;
            events.add(json("p-" + c, "profile_update", customer, null, MONDAY - MINUTE, consent));
            events.add(json("a-" + c, "add_to_cart", customer, null, MONDAY, cartItem));
            events.add(json("a-" + c, "add_to_cart", customer, null, MONDAY, cartItem));
            if (c % 2 == 1) {
                events.add(json(
                        "b-" + c,
                        "purchase",
                        customer,
                        null,
                        MONDAY + 5 * MINUTE,
                        ",\"orderId\":\"o-" + c + "\",\"items\":[{\"itemId\":\"tea\",\"price\":1,\"quantity\":1}]"));
            }
        }
        events.add(json("e-0", "erase", "c-0", null, MONDAY + 6 * MINUTE, ""));
        String catalogue = new String(
                Json.encode(new OfferCatalogue(
                        List.of(MarketingTriggersFunctionTest.offer(
                                "cart", OfferTrigger.ABANDONED_CART, ContactClass.MARKETING, 30, null, 0)),
                        1)),
                StandardCharsets.UTF_8);

        CollectingSink actions = new CollectingSink();
        CollectingSink markers = new CollectingSink();
        StreamExecutionEnvironment env = JobTestEnvironment.on(cluster);
        new MarketingTriggersJob(
                        JobTestEnvironment.source(events),
                        new DataGeneratorSource<>(i -> catalogue, 1, Types.STRING),
                        actions,
                        markers,
                        OfferJobSettings.DEFAULTS,
                        ContactCaps.DEFAULTS)
                .build(env);
        env.execute("marketing-triggers-test");

        List<MarketingAction> fired = actions.records().stream()
                .map(r -> Json.decode(r.value, MarketingAction.class))
                .toList();
        assertThat(fired).extracting(MarketingAction::customerId).containsExactlyInAnyOrder("c-2", "c-4", "c-6", "c-8");
        assertThat(fired)
                .allMatch(
                        a -> a.firedAt() == MONDAY + 30 * MINUTE && a.offerId().equals("cart"));
        assertThat(markers.records()).isEmpty();
    }
}
