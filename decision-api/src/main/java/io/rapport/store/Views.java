package io.rapport.store;

import io.rapport.campaign.CampaignView;
import io.rapport.catalog.CatalogItem;
import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.copurchase.Totals;
import io.rapport.coview.CoViewSnapshot;
import io.rapport.coview.ViewSessionTotals;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.kpi.KpiPane;
import io.rapport.offer.OfferViews;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.FeedbackSummary;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.OfferResponses;
import java.util.List;
import java.util.Map;

/**
 * The in-memory views the API answers from, and the one place where a record of the stream jobs'
 * topics is applied to them. {@link #apply} needs no Kafka, so tests feed the views directly.
 */
public record Views(
        ItemView items,
        CustomerItemsView customers,
        TotalsView totals,
        ViewProgress progress,
        OfferViews offers,
        KpiView kpis,
        ProfileView profiles,
        CatalogView catalog,
        CampaignView campaigns,
        CoViewView coViews,
        DeadLetterCount deadLetters) {

    public static Views empty() {
        return new Views(
                new ItemView(),
                new CustomerItemsView(),
                new TotalsView(),
                new ViewProgress(),
                new OfferViews(),
                new KpiView(),
                new ProfileView(),
                new CatalogView(),
                new CampaignView(),
                new CoViewView(),
                new DeadLetterCount());
    }

    /**
     * Applies one record; a null value is a tombstone that deletes the key (a dead letter, whose key
     * may be null, only counts: {@link DeadLetterCount}).
     *
     * @throws java.io.UncheckedIOException if the value is not the JSON the topic carries
     * @throws IllegalArgumentException for a topic the views do not follow
     */
    public void apply(String topic, String key, byte[] value) {
        switch (topic) {
            case Topics.ITEMS -> {
                if (value == null) {
                    items.remove(key);
                } else {
                    items.put(normalised(key, Json.decode(value, ItemSnapshot.class)));
                }
            }
            case Topics.CUSTOMER_ITEMS -> {
                if (value == null) {
                    customers.remove(key);
                } else {
                    CustomerItems decoded = Json.decode(value, CustomerItems.class);
                    customers.put(new CustomerItems(key, decoded.items() == null ? List.of() : decoded.items()));
                }
            }
            case Topics.TOTALS -> {
                if (Topics.TOTALS_KEY.equals(key)) {
                    totals.put(value == null ? new Totals(0) : Json.decode(value, Totals.class));
                } else if (Topics.VIEW_SESSIONS_KEY.equals(key)) {
                    coViews.putTotals(
                            value == null ? new ViewSessionTotals(0) : Json.decode(value, ViewSessionTotals.class));
                }
            }
            case Topics.CO_VIEWS -> {
                if (value == null) {
                    coViews.remove(key);
                } else {
                    CoViewSnapshot s = Json.decode(value, CoViewSnapshot.class);
                    coViews.put(new CoViewSnapshot(
                            key,
                            s.category(),
                            s.sessions(),
                            s.neighbours() == null ? List.of() : s.neighbours(),
                            s.updatedAt()));
                }
            }
            case Topics.OFFERS, Topics.OFFER_STATS, Topics.CONTACT_COUNTS -> offers.apply(topic, key, value);
            case Topics.PROFILES -> {
                if (value == null) {
                    profiles.remove(key);
                } else {
                    profiles.put(normalised(key, Json.decode(value, CustomerProfile.class)));
                }
            }
            case Topics.KPIS -> kpis.apply(key, value == null ? null : Json.decode(value, KpiPane.class));
            case Topics.CAMPAIGNS -> campaigns.apply(key, value);
            case Topics.CATALOG -> {
                if (value == null) {
                    catalog.remove(key);
                } else {
                    CatalogItem item = Json.decode(value, CatalogItem.class);
                    catalog.put(new CatalogItem(key, item.name(), item.category(), item.price(), item.inStock()));
                }
            }
            case Topics.DEAD_LETTERS -> deadLetters.add(key, value);
            default -> throw new IllegalArgumentException("not a view topic: " + topic);
        }
    }

    // The record key is what compaction and tombstones act on, so it wins over the value's id; lists
    // and maps a producer left out are empty rather than null.
    private static CustomerProfile normalised(String key, CustomerProfile p) {
        return new CustomerProfile(
                key,
                p.firstSeen(),
                p.lastSeen(),
                p.orders(),
                p.itemsBought(),
                p.monetary(),
                p.aov(),
                p.lastPurchaseAt(),
                p.journeyStage() == null ? JourneyStage.NEW : p.journeyStage(),
                orEmpty(p.topCategories()),
                orEmpty(p.recentItems()),
                orEmpty(p.cart()),
                p.cartUpdatedAt(),
                p.attributes() == null ? Map.of() : p.attributes(),
                p.feedback() == null ? FeedbackSummary.NONE : p.feedback(),
                p.offers() == null ? OfferResponses.NONE : p.offers(),
                p.updatedAt());
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    // The record key is what compaction and tombstones act on, so it wins over the value's id.
    private static ItemSnapshot normalised(String key, ItemSnapshot s) {
        List<NeighbourCount> neighbours = s.neighbours() == null ? List.of() : s.neighbours();
        return new ItemSnapshot(
                key,
                s.category(),
                s.buyers(),
                s.viewers(),
                s.viewersWhoBought(),
                neighbours,
                s.updatedAt(),
                s.asOf(),
                s.recentBuyers());
    }
}
