package io.rapport.offer;

import static io.rapport.testing.Offers.offer;
import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.catalog.CatalogItem;
import io.rapport.copurchase.CustomerItems;
import io.rapport.copurchase.RankingScore;
import io.rapport.event.Event;
import io.rapport.event.EventParser;
import io.rapport.event.Limits;
import io.rapport.offer.NextBestActions.Action;
import io.rapport.profile.CartLine;
import io.rapport.profile.CustomerProfile;
import io.rapport.profile.JourneyStage;
import io.rapport.profile.OfferResponses;
import io.rapport.profile.RecentItem;
import io.rapport.rank.AlsoBoughtRanker;
import io.rapport.rank.ItemFacts;
import io.rapport.rank.PopularItems;
import io.rapport.store.EventPrices;
import io.rapport.store.Views;
import io.rapport.testing.Profiles;
import io.rapport.testing.RecordingPublisher;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The whole decision on in-memory views, with profiles, a fixed clock and no exploration. */
class NextBestActionsTest {
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final long MINUTE = 60_000;
    private static final long DAY = 86_400_000;

    private final Views views = Views.empty();
    private final Map<String, CustomerProfile> profiles = new HashMap<>();
    private final RecordingPublisher events = new RecordingPublisher();
    private NextBestActions engine;

    @BeforeEach
    void build() {
        Map<String, Double> prices = Map.of("tea", 3.0, "fine tea", 9.0, "cheap tea", 1.0, "dear tea", 20.0);
        engine = engine(prices::get);
    }

    private NextBestActions engine(ItemPrices prices) {
        AlsoBoughtRanker ranker = new AlsoBoughtRanker(
                views.items(),
                views.customers(),
                views.totals(),
                new PopularItems(views.items(), 10),
                100,
                Runnable::run,
                new ItemFacts(views.items(), views.catalog()),
                RankingScore.DEFAULT);
        ProfileOfferFacts facts = new ProfileOfferFacts(profiles::get, views.customers(), ranker, prices);
        return new NextBestActions(
                views.offers(),
                facts,
                ContactCaps.DEFAULTS,
                new OfferArbiter(Propensity.DEFAULTS, 0),
                new HoldoutRecorder(new EventParser(Limits.DEFAULTS, Clock.fixed(NOW, ZoneOffset.UTC)), events),
                Clock.fixed(NOW, ZoneOffset.UTC),
                new Random(1));
    }

    private void catalogue(Offer... offers) {
        views.offers().replace(new OfferCatalogue(List.of(offers), 1));
    }

    private static CustomerProfile profile(
            String customerId,
            Map<String, Object> attributes,
            List<CartLine> cart,
            Long cartUpdatedAt,
            Long lastPurchaseAt) {
        return new CustomerProfile(
                customerId,
                0,
                NOW.toEpochMilli(),
                lastPurchaseAt == null ? 0 : 1,
                0,
                0,
                0,
                lastPurchaseAt,
                JourneyStage.REPEAT,
                List.of(),
                List.of(),
                cart,
                cartUpdatedAt,
                attributes,
                null,
                OfferResponses.NONE,
                NOW.toEpochMilli());
    }

    private List<String> offerIds(String customerId, int limit) {
        return engine.decide(customerId, "app", limit).actions().stream()
                .map(Action::offerId)
                .toList();
    }

    @Test
    void birthdayCustomerWithoutConsent_getsTheServiceRewardButNoMarketing() {
        catalogue(
                offer("birthday", OfferTrigger.BIRTHDAY, ContactClass.SERVICE, 5),
                offer("news", OfferTrigger.ALWAYS, ContactClass.MARKETING, 50));
        profiles.put(
                "c-1",
                profile("c-1", Map.of("birthday", "1990-11-23", "marketingConsent", false), List.of(), null, null));
        List<Action> actions = engine.decide("c-1", "app", 3).actions();
        assertThat(actions).extracting(Action::offerId).containsExactly("birthday");
        assertThat(actions.get(0).reason()).isEqualTo("It's your birthday today: Title of birthday");
    }

    @Test
    void abandonedCart_withConsent_explainsHowLongAgo() {
        catalogue(offer("cart", OfferTrigger.ABANDONED_CART, ContactClass.MARKETING, 4));
        profiles.put(
                "c-1",
                profile(
                        "c-1",
                        Map.of("marketingConsent", true),
                        List.of(new CartLine("tea", "drinks", 3.0, 2, NOW.toEpochMilli() - 50 * MINUTE)),
                        NOW.toEpochMilli() - 45 * MINUTE,
                        null));
        assertThat(engine.decide("c-1", "app", 3).actions().get(0).reason())
                .isEqualTo("You left 2 items in your cart 45 minutes ago: Title of cart");
    }

    @Test
    void winBack_firesAfterInactiveDays() {
        catalogue(offer("win", OfferTrigger.WIN_BACK, ContactClass.MARKETING, 6));
        profiles.put(
                "c-1",
                profile("c-1", Map.of("marketingConsent", "true"), List.of(), null, NOW.toEpochMilli() - 61 * DAY));
        profiles.put(
                "c-2",
                profile("c-2", Map.of("marketingConsent", true), List.of(), null, NOW.toEpochMilli() - 10 * DAY));
        assertThat(offerIds("c-1", 3)).containsExactly("win");
        assertThat(offerIds("c-2", 3)).isEmpty();
    }

    /** {@code o} held out for every customer. */
    private static Offer heldOutForAll(Offer o) {
        return new Offer(
                o.offerId(),
                o.title(),
                o.action(),
                o.trigger(),
                o.abandonAfterMinutes(),
                o.inactiveDays(),
                o.channels(),
                o.contactClass(),
                o.segments(),
                o.requiresConsent(),
                o.value(),
                o.weight(),
                100,
                o.validFrom(),
                o.validTo());
    }

    private List<String> heldOutRecorded() {
        return events.published().stream().map(Event::offerId).toList();
    }

    @Test
    void aHeldOutOffer_isRecordedWhereItWouldHaveBeenShown_andOnlyThere() {
        catalogue(
                heldOutForAll(offer("big", OfferTrigger.ALWAYS, ContactClass.SERVICE, 50)),
                offer("mid", OfferTrigger.ALWAYS, ContactClass.SERVICE, 5),
                heldOutForAll(offer("small", OfferTrigger.ALWAYS, ContactClass.SERVICE, 1)));
        profiles.put("c-1", profile("c-1", Map.of(), List.of(), null, null));
        profiles.put("c-2", profile("c-2", Map.of(), List.of(), null, null));

        assertThat(offerIds("c-1", 1)).as("big's place goes to the next").containsExactly("mid");
        assertThat(heldOutRecorded())
                .as("small, ranked past the one action asked for, would not have been shown")
                .containsExactly("big");

        assertThat(offerIds("c-2", 3)).containsExactly("mid");
        assertThat(heldOutRecorded()).containsExactly("big", "big", "small");
    }

    @Test
    void contactCaps_blockMarketingButNeverService() {
        catalogue(
                offer("news", OfferTrigger.ALWAYS, ContactClass.MARKETING, 5),
                offer("tip", OfferTrigger.ALWAYS, ContactClass.SERVICE, 1));
        profiles.put("c-1", profile("c-1", Map.of("marketingConsent", true), List.of(), null, null));
        long today = LocalDate.ofInstant(NOW, ZoneOffset.UTC).toEpochDay();
        views.offers()
                .putContacts(new ContactHistory(
                        "c-1", List.of(new ContactHistory.Day(today, Map.of("news", 2L, "tip", 9L)))));
        assertThat(offerIds("c-1", 3)).containsExactly("news", "tip");
        views.offers()
                .putContacts(new ContactHistory("c-1", List.of(new ContactHistory.Day(today, Map.of("news", 3L)))));
        assertThat(offerIds("c-1", 3)).containsExactly("tip");
        views.offers()
                .putContacts(
                        new ContactHistory("c-1", List.of(new ContactHistory.Day(today - 3, Map.of("gone", 10L)))));
        assertThat(offerIds("c-1", 3)).containsExactly("tip");
    }

    @Test
    void aServiceOfferRetiredFromTheCatalogue_stillCountsTowardNoCap() {
        OfferCatalogueService service = new OfferCatalogueService(
                views.offers(), OfferCataloguePublisher.IN_MEMORY, Clock.fixed(NOW, ZoneOffset.UTC));
        Offer news = offer("news", OfferTrigger.ALWAYS, ContactClass.MARKETING, 5);
        Offer tracking = offer("tracking", OfferTrigger.ALWAYS, ContactClass.SERVICE, 1);
        service.replace(List.of(news, tracking));
        profiles.put("c-1", profile("c-1", Map.of("marketingConsent", true), List.of(), null, null));
        long today = LocalDate.ofInstant(NOW, ZoneOffset.UTC).toEpochDay();
        views.offers()
                .putContacts(new ContactHistory("c-1", List.of(new ContactHistory.Day(today, Map.of("tracking", 3L)))));
        assertThat(offerIds("c-1", 3)).containsExactly("news", "tracking");

        service.replace(List.of(news));

        assertThat(offerIds("c-1", 3))
                .as("its 3 impressions today were a service offer's")
                .containsExactly("news");
        views.offers()
                .putContacts(new ContactHistory(
                        "c-1", List.of(new ContactHistory.Day(today, Map.of("tracking", 3L, "unknown", 3L)))));
        assertThat(offerIds("c-1", 3)).as("an offer never known counts").isEmpty();
    }

    @Test
    void answer_holdsNoMoreMarketingActionsThanTheCapsAllow() {
        catalogue(
                offer("a", OfferTrigger.ALWAYS, ContactClass.MARKETING, 5),
                offer("b", OfferTrigger.ALWAYS, ContactClass.MARKETING, 4),
                offer("c", OfferTrigger.ALWAYS, ContactClass.MARKETING, 3),
                offer("tip", OfferTrigger.ALWAYS, ContactClass.SERVICE, 1));
        profiles.put("c-1", profile("c-1", Map.of("marketingConsent", true), List.of(), null, null));
        long today = LocalDate.ofInstant(NOW, ZoneOffset.UTC).toEpochDay();
        views.offers().putContacts(new ContactHistory("c-1", List.of(new ContactHistory.Day(today, Map.of("x", 1L)))));
        assertThat(offerIds("c-1", 4)).containsExactly("a", "b", "tip");
    }

    @Test
    void arbitration_prefersTheOfferThatRedeemsBetter() {
        catalogue(
                offer("a", OfferTrigger.ALWAYS, ContactClass.SERVICE, 5),
                offer("b", OfferTrigger.ALWAYS, ContactClass.SERVICE, 5));
        views.offers().putStats(new OfferStats("a", 1000, 10, Map.of()));
        views.offers().putStats(new OfferStats("b", 1000, 200, Map.of()));
        assertThat(offerIds("nobody", 3)).containsExactly("b", "a");
        assertThat(offerIds("nobody", 1)).containsExactly("b");
    }

    @Test
    void arbitration_usesTheCustomersSegmentPosterior_whenItHasEnoughImpressions() {
        catalogue(
                offer("a", OfferTrigger.ALWAYS, ContactClass.SERVICE, 5),
                offer("b", OfferTrigger.ALWAYS, ContactClass.SERVICE, 5));
        // Overall a redeems better; among repeat customers b does, with enough data to trust it.
        views.offers().putStats(new OfferStats("a", 1000, 100, Map.of("repeat", new OfferStats.Responses(300, 6))));
        views.offers()
                .putStats(new OfferStats(
                        "b",
                        1000,
                        50,
                        Map.of(
                                "repeat",
                                new OfferStats.Responses(300, 45),
                                "vip",
                                new OfferStats.Responses(199, 199))));
        profiles.put("c-repeat", profile("c-repeat", Map.of(), List.of(), null, null));
        profiles.put(
                "c-vip",
                new CustomerProfile(
                        "c-vip",
                        0,
                        NOW.toEpochMilli(),
                        0,
                        0,
                        0,
                        0,
                        null,
                        JourneyStage.BROWSING,
                        List.of(),
                        List.of(),
                        List.of(),
                        null,
                        Map.of("tier", "vip"),
                        null,
                        OfferResponses.NONE,
                        NOW.toEpochMilli()));
        assertThat(offerIds("c-repeat", 3))
                .as("repeat: the segment's posterior")
                .containsExactly("b", "a");
        assertThat(offerIds("nobody", 3))
                .as("no segment: the offer's overall posterior")
                .containsExactly("a", "b");
        assertThat(offerIds("c-vip", 3))
                .as("vip has < 200 impressions: overall")
                .containsExactly("a", "b");
        // b's repeat score: Beta(20 × 51/1020, 20 × 969/1020) updated with 45 of 300, times value 5.
        double prior = 51.0 / 1020;
        assertThat(engine.decide("c-repeat", "app", 1).actions().get(0).score())
                .isCloseTo((prior * 20 + 45) / (20 + 300) * 5, org.assertj.core.api.Assertions.within(1e-6));
    }

    /**
     * c-1 bought tea (drinks, 3.0), whose neighbours are {@code teaNeighbours}; fine tea (9.0) and
     * cheap tea (1.0) are drinks too, and an up-sell offer is live. Returns c-1's actions.
     */
    private List<Action> upSellForATeaBuyer(List<io.rapport.copurchase.NeighbourCount> teaNeighbours) {
        views.items().put(new io.rapport.copurchase.ItemSnapshot("tea", "drinks", 10, 0, 0, teaNeighbours, 0));
        views.items().put(new io.rapport.copurchase.ItemSnapshot("fine tea", "drinks", 6, 0, 0, List.of(), 0));
        views.items().put(new io.rapport.copurchase.ItemSnapshot("cheap tea", "drinks", 6, 0, 0, List.of(), 0));
        views.totals().put(new io.rapport.copurchase.Totals(100));
        views.customers().put(new CustomerItems("c-1", List.of("tea")));
        catalogue(offer("up", OfferTrigger.UP_SELL, ContactClass.SERVICE, 3));
        return engine.decide("c-1", "app", 3).actions();
    }

    @Test
    void upSell_namesAPricierNeighbourInABoughtCategory() {
        List<Action> actions = upSellForATeaBuyer(List.of(
                new io.rapport.copurchase.NeighbourCount("fine tea", 5),
                new io.rapport.copurchase.NeighbourCount("cheap tea", 5)));
        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).items()).containsExactly("fine tea");
        assertThat(actions.get(0).reason()).isEqualTo("A step up in drinks, which you buy: fine tea");
    }

    @Test
    void crossAndUpSell_nameItemsAsTheCatalogueDoes_andNeverOfferWhatItHoldsOutOfStock() {
        views.catalog().put(new CatalogItem("tea", "Green tea", "drinks", 3.0, true));
        views.catalog().put(new CatalogItem("fine tea", "Fine sencha", "drinks", 9.0, true));
        views.catalog().put(new CatalogItem("cups", "Tea cups", "kitchen", 5.0, false));
        views.catalog().put(new CatalogItem("dear tea", "Gyokuro", "drinks", 20.0, false));
        views.items().put(new io.rapport.copurchase.ItemSnapshot("cups", "kitchen", 8, 0, 0, List.of(), 0));
        views.items().put(new io.rapport.copurchase.ItemSnapshot("dear tea", "drinks", 7, 0, 0, List.of(), 0));
        upSellForATeaBuyer(List.of(
                new io.rapport.copurchase.NeighbourCount("cups", 8),
                new io.rapport.copurchase.NeighbourCount("dear tea", 7),
                new io.rapport.copurchase.NeighbourCount("fine tea", 5)));
        catalogue(
                offer("up", OfferTrigger.UP_SELL, ContactClass.SERVICE, 3),
                offer("cross", OfferTrigger.CROSS_SELL, ContactClass.SERVICE, 3));
        List<Action> actions = engine.decide("c-1", "app", 3).actions();

        assertThat(actions).extracting(Action::offerId).containsExactlyInAnyOrder("up", "cross");
        for (Action a : actions) {
            assertThat(a.items()).as(a.offerId()).doesNotContain("cups", "dear tea");
        }
        Action cross = actions.stream()
                .filter(a -> a.offerId().equals("cross"))
                .findFirst()
                .orElseThrow();
        assertThat(cross.reason()).startsWith("Customers who bought Green tea also bought Fine sencha");
        Action up = actions.stream()
                .filter(a -> a.offerId().equals("up"))
                .findFirst()
                .orElseThrow();
        assertThat(up.items()).containsExactly("fine tea");
        assertThat(up.reason()).isEqualTo("A step up in drinks, which you buy: Fine sencha");
    }

    @Test
    void upSell_fromTheCatalogue_offersTheNextStepsUpInStock_whenNoNeighbourIsDearer() {
        views.catalog().put(new CatalogItem("tea", "Green tea", "drinks", 3.0, true));
        views.catalog().put(new CatalogItem("grand tea", "Grand tea", "drinks", 40.0, true));
        views.catalog().put(new CatalogItem("premium tea", "Premium tea", "drinks", 12.0, true));
        views.catalog().put(new CatalogItem("sold out tea", "Sold out tea", "drinks", 5.0, false));
        views.catalog().put(new CatalogItem("same tea", "Same tea", "drinks", 3.0, true));
        views.catalog().put(new CatalogItem("teapot", "Teapot", "kitchen", 30.0, true));
        engine = engine(views.catalog());

        List<Action> actions = upSellForATeaBuyer(List.of());

        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).items()).containsExactly("premium tea", "grand tea");
        assertThat(actions.get(0).reason()).isEqualTo("A step up in drinks, which you buy: Premium tea");
    }

    @Test
    void upSell_ofAnItemTheCatalogueLacks_measuresTheStepUpFromThePricePaid() {
        views.catalog().put(new CatalogItem("premium tea", "Premium tea", "drinks", 12.0, true));
        views.catalog().put(new CatalogItem("fair tea", "Fair tea", "drinks", 4.0, true));
        engine = engine(views.catalog());
        CustomerProfile paidFive = new CustomerProfile(
                "c-1",
                0,
                NOW.toEpochMilli(),
                1,
                1,
                5.0,
                5.0,
                NOW.toEpochMilli(),
                JourneyStage.FIRST_PURCHASE,
                List.of(),
                List.of(new RecentItem("tea", "drinks", "purchase", NOW.toEpochMilli(), 5.0)),
                List.of(),
                null,
                Map.of(),
                null,
                OfferResponses.NONE,
                NOW.toEpochMilli());
        profiles.put("c-1", paidFive);

        List<Action> actions = upSellForATeaBuyer(List.of());

        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).items())
                .as("dearer than the 5.0 paid, not the 4.0 tea")
                .containsExactly("premium tea");
    }

    /**
     * Prices as the events carry them: c-1 (a profile here) paid 3.0 for tea in drinks, and other
     * shoppers' item lines are {@code othersLines}.
     */
    private EventPrices teaBuyerAnd(RecentItem... othersLines) {
        EventPrices seen = new EventPrices();
        CustomerProfile teaBuyer = Profiles.withRecentItems(
                "c-1", NOW.toEpochMilli(), new RecentItem("tea", "drinks", "purchase", NOW.toEpochMilli() - DAY, 3.0));
        profiles.put("c-1", teaBuyer);
        seen.observe(teaBuyer);
        seen.observe(Profiles.withRecentItems("c-2", NOW.toEpochMilli(), othersLines));
        return seen;
    }

    @Test
    void upSell_withoutACatalogue_takesThePricesTheEventsCarry() {
        long t = NOW.toEpochMilli() - DAY;
        // other shoppers' lines priced fine tea 9.0, then 8.0 (newer), and cheap tea 1.0
        EventPrices seen = teaBuyerAnd(
                new RecentItem("fine tea", "drinks", "purchase", t + 2, 8.0),
                new RecentItem("fine tea", "drinks", "view", t + 1, 9.0),
                new RecentItem("cheap tea", "drinks", "add_to_cart", t, 1.0));
        engine = engine(EventPrices.preferring(views.catalog(), seen));

        List<Action> fromNeighbours = upSellForATeaBuyer(List.of(
                new io.rapport.copurchase.NeighbourCount("fine tea", 5),
                new io.rapport.copurchase.NeighbourCount("cheap tea", 5)));
        List<Action> stepsUp = upSellForATeaBuyer(List.of());

        assertThat(seen.price("fine tea")).as("the newest line's price").isEqualTo(8.0);
        assertThat(fromNeighbours).extracting(Action::items).containsExactly(List.of("fine tea"));
        assertThat(stepsUp).extracting(Action::items).containsExactly(List.of("fine tea"));
        engine = engine(views.catalog());
        assertThat(upSellForATeaBuyer(List.of(new io.rapport.copurchase.NeighbourCount("fine tea", 5))))
                .as("the catalogue alone, empty: nothing to up-sell")
                .isEmpty();
    }

    @Test
    void upSell_withACatalogue_keepsItsPricesAndStock_overThoseOfTheEvents() {
        long t = NOW.toEpochMilli() - DAY;
        EventPrices seen = teaBuyerAnd(
                new RecentItem("fine tea", "drinks", "purchase", t, 9.0),
                new RecentItem("dear tea", "drinks", "purchase", t, 20.0),
                new RecentItem("rare tea", "drinks", "purchase", t, 30.0));
        // the catalogue prices fine tea below what tea cost, and holds dear tea out of stock
        views.catalog().put(new CatalogItem("fine tea", "Fine sencha", "drinks", 2.0, true));
        views.catalog().put(new CatalogItem("dear tea", "Gyokuro", "drinks", 20.0, false));
        engine = engine(EventPrices.preferring(views.catalog(), seen));

        List<Action> actions = upSellForATeaBuyer(List.of());

        assertThat(actions).extracting(Action::items).containsExactly(List.of("rare tea"));
    }

    @Test
    void scores_roundToSixDecimals_withoutACapOnLargeOnes() {
        assertThat(NextBestActions.round(0.12345678)).isEqualTo(0.123457);
        // the largest offer: 5 % of value 10⁹ × weight 10⁶ (Math.round capped this at 9.22e12)
        assertThat(NextBestActions.round(0.05 * Offer.MAX_VALUE * Offer.MAX_WEIGHT))
                .isEqualTo(5e13);
        assertThat(NextBestActions.round(2e13)).isLessThan(NextBestActions.round(5e13));
        assertThat(NextBestActions.round(Double.POSITIVE_INFINITY)).isEqualTo(Double.MAX_VALUE);
    }

    /**
     * Five purchases made 50 minutes ago and a tea bought two days ago but reported last (an app
     * sending its backlog): tea is not among the five latest purchases, however late it arrived.
     */
    @Test
    void crossSell_drawsOnTheLatestPurchasesByEventTime_notByArrival() {
        views.items()
                .put(new io.rapport.copurchase.ItemSnapshot(
                        "tea", "drinks", 10, 0, 0, List.of(new io.rapport.copurchase.NeighbourCount("honey", 5)), 0));
        views.items().put(new io.rapport.copurchase.ItemSnapshot("honey", "food", 6, 0, 0, List.of(), 0));
        views.totals().put(new io.rapport.copurchase.Totals(100));
        catalogue(offer("cross", OfferTrigger.CROSS_SELL, ContactClass.SERVICE, 3));
        List<String> byArrival = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            views.items().put(new io.rapport.copurchase.ItemSnapshot("solo-" + i, "misc", 1, 0, 0, List.of(), 0));
            byArrival.add("solo-" + i);
        }
        byArrival.add("tea");
        for (String customerId : List.of("tea-long-ago", "tea-just-now")) {
            views.customers().put(new CustomerItems(customerId, byArrival));
            long teaAt =
                    customerId.equals("tea-long-ago") ? NOW.toEpochMilli() - 2 * DAY : NOW.toEpochMilli() - 10 * MINUTE;
            List<RecentItem> recent = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                recent.add(new RecentItem("solo-" + i, "misc", "purchase", NOW.toEpochMilli() - (50 - i) * MINUTE));
            }
            recent.add(new RecentItem("tea", "drinks", "purchase", teaAt));
            recent.sort((a, b) -> Long.compare(b.at(), a.at())); // the profile keeps them newest first
            profiles.put(
                    customerId,
                    new CustomerProfile(
                            customerId,
                            0,
                            NOW.toEpochMilli(),
                            6,
                            6,
                            6.0,
                            1.0,
                            NOW.toEpochMilli() - 10 * MINUTE,
                            JourneyStage.REPEAT,
                            List.of(),
                            recent,
                            List.of(),
                            null,
                            Map.of(),
                            null,
                            OfferResponses.NONE,
                            NOW.toEpochMilli()));
        }

        assertThat(offerIds("tea-long-ago", 3)).isEmpty();
        List<Action> justNow = engine.decide("tea-just-now", "app", 3).actions();
        assertThat(justNow).extracting(Action::offerId).containsExactly("cross");
        assertThat(justNow.get(0).items()).containsExactly("honey");
    }

    @Test
    void upSell_isStillLookedFor_afterTheCrossSellListIsFull() {
        List<io.rapport.copurchase.NeighbourCount> neighbours = new ArrayList<>();
        for (int i = 0; i < 11; i++) { // eleven unpriced neighbours fill the ten cross-sell places first
            neighbours.add(new io.rapport.copurchase.NeighbourCount("plain-" + i, 8));
            views.items().put(new io.rapport.copurchase.ItemSnapshot("plain-" + i, "drinks", 9, 0, 0, List.of(), 0));
        }
        neighbours.add(new io.rapport.copurchase.NeighbourCount("fine tea", 5));

        List<Action> actions = upSellForATeaBuyer(neighbours);

        assertThat(actions).hasSize(1);
        assertThat(actions.get(0).items()).containsExactly("fine tea");
    }

    @Test
    void segments_matchTheJourneyStageAndTier() {
        Offer gold = new Offer(
                "gold",
                "Gold",
                "offer",
                OfferTrigger.ALWAYS,
                null,
                null,
                List.of("app"),
                ContactClass.SERVICE,
                List.of("gold"),
                false,
                1,
                1,
                0,
                "2026-01-01T00:00:00Z",
                "2027-01-01T00:00:00Z");
        Offer repeat = new Offer(
                "repeat",
                "Repeat",
                "offer",
                OfferTrigger.ALWAYS,
                null,
                null,
                List.of("app"),
                ContactClass.SERVICE,
                List.of("repeat"),
                false,
                1,
                1,
                0,
                "2026-01-01T00:00:00Z",
                "2027-01-01T00:00:00Z");
        catalogue(gold, repeat);
        profiles.put("c-1", profile("c-1", Map.of("tier", "gold"), List.of(), null, null));
        assertThat(offerIds("c-1", 3)).containsExactlyInAnyOrder("gold", "repeat");
        assertThat(offerIds("stranger", 3)).isEmpty();
    }
}
