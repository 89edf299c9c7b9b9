package io.rapport.kafka;

/**
 * The Kafka topics that join the API and the stream jobs. Keys are UTF-8 strings; values are JSON
 * (see the records in {@code io.rapport.copurchase} and {@code io.rapport.profile}); a null value
 * on a compacted topic is a tombstone that deletes the key.
 */
public final class Topics {
    /** Every accepted event, keyed by customerId so that one customer's events stay in order. */
    public static final String EVENTS = "events";
    /**
     * The largest record the API writes (2 MiB): one event of a body at the 1 MiB limit, or a whole
     * offer catalogue or campaign set, with room. The {@link #EVENTS}, {@link #DEAD_LETTERS}, {@link
     * #OFFERS} and {@link #CAMPAIGNS} topics are created with {@code max.message.bytes} of it (Kafka's
     * default, about 1 MiB, refused such an event) and the API's producers send with {@code
     * max.request.size} of it. A body limit raised past 2 MiB needs both raised too.
     */
    public static final int MAX_RECORD_BYTES = 2 * 1024 * 1024;

    /**
     * Every job's retention, in days of event time: a profile, an item's counts and pairs, a customer's
     * offer outcomes and marketing triggers go this long after their last event; the API counts the
     * events it takes that are dated further back ({@code rapport_events_beyond_retention_total}).
     */
    public static final int JOB_RETENTION_DAYS = 365;

    /**
     * How long the event log keeps a record (by its arrival): 400 days, past every job's retention
     * ({@value #JOB_RETENTION_DAYS} days of event time) and the KPI day panes' (400 days), so a rebuild from the log loses
     * nothing the jobs would keep, and an erased customer's raw events leave the log with it (at most a
     * day later: {@link #RETENTION_SEGMENT_MS}).
     */
    public static final long EVENTS_RETENTION_MS = 400L * 86_400_000L;

    /**
     * Segment roll of the topics with a retention ({@link #EVENTS}, {@link #DEAD_LETTERS}, {@link
     * #ACTIONS}): one day. Kafka deletes a whole segment once its newest record is past the retention,
     * and rolls a segment every 7 days by default, so a record could outlive its retention by a week.
     */
    public static final long RETENTION_SEGMENT_MS = 86_400_000L;

    /**
     * The customer-keyed upsert topics ({@link #PROFILES}, {@link #CUSTOMER_ITEMS}, {@link
     * #CONTACT_COUNTS}) roll a segment and compact within this time (one day: {@code segment.ms} and
     * {@code max.compaction.lag.ms}), so an erased customer's superseded records leave them within
     * about a day, and the tombstones a day after that ({@code delete.retention.ms}, Kafka's default).
     */
    public static final long CUSTOMER_COMPACTION_LAG_MS = 86_400_000L;

    /**
     * Segment size of the upsert topics the jobs write ({@link #JOB_UPSERT_TOPICS}): 64 MiB instead
     * of Kafka's 1 GiB. The log cleaner never compacts the active segment, and these topics take a
     * new record per changed key at every flush, so with
     * 1 GiB segments {@code items} held 1.06 GB of superseded snapshots after 400,000 events (12 times
     * the event log) and the API read all of them at start-up. With 64 MiB a partition holds about
     * its live records, up to twice over while dirty, plus one segment.
     */
    public static final int UPSERT_SEGMENT_BYTES = 64 * 1024 * 1024;
    /** Events that arrived on Kafka and failed validation, with the reason; keyed like EVENTS. */
    public static final String DEAD_LETTERS = "events-dlq";
    /** Compacted: one {@code ItemSnapshot} per item (stats and top neighbours), keyed by itemId. */
    public static final String ITEMS = "items";
    /** Compacted: one {@code CustomerItems} per customer (what they bought), keyed by customerId. */
    public static final String CUSTOMER_ITEMS = "customer-items";
    /** Compacted: population totals ({@code Totals}), under the single key {@link #TOTALS_KEY}. */
    public static final String TOTALS = "totals";
    /**
     * Compacted: one {@code CustomerProfile} per customer, keyed by customerId; a tombstone when the
     * customer was erased or their profile expired.
     */
    public static final String PROFILES = "profiles";

    /**
     * Compacted: the whole offer catalogue ({@code OfferCatalogue}) under the single key {@code
     * catalogue}, so that a PUT replaces it atomically.
     */
    public static final String OFFERS = "offers";
    /** Compacted: one {@code OfferStats} per offer (impressions, redemptions), keyed by offerId. */
    public static final String OFFER_STATS = "offer-stats";
    /** Compacted: one {@code ContactHistory} per customer (offer impressions per day), keyed by customerId. */
    public static final String CONTACT_COUNTS = "contact-counts";
    /** Marketing actions fired by the trigger jobs for outbound channels, keyed by customerId. */
    public static final String ACTIONS = "actions";

    /**
     * Compacted: one {@code io.rapport.kpi.KpiPane} per minute, hour and UTC day of event time,
     * keyed by {@code io.rapport.kpi.PaneSize#key} (the start in ISO-8601, {@code /PT1H} or {@code
     * /P1D} appended for hours and days); a tombstone once the pane is older than the KPI job's
     * retention of its size.
     */
    public static final String KPIS = "kpis";

    /**
     * Compacted: one {@code io.rapport.catalog.CatalogItem} per item (name, category, price, stock),
     * keyed by itemId; a tombstone removes the item from the catalogue.
     */
    public static final String CATALOG = "catalog";

    /**
     * Compacted: every campaign ({@code io.rapport.campaign.CampaignSet}) under the single key {@code
     * campaigns}, so that a PUT replaces the whole set atomically.
     */
    public static final String CAMPAIGNS = "campaigns";

    /**
     * Compacted: one {@code io.rapport.coview.CoViewSnapshot} per item (view sessions and top
     * also-viewed neighbours), keyed by itemId; a tombstone when every count is back to 0.
     */
    public static final String CO_VIEWS = "co-views";

    public static final String TOTALS_KEY = "buyers";
    /** Key of the {@code io.rapport.coview.ViewSessionTotals} on {@link #TOTALS}. */
    public static final String VIEW_SESSIONS_KEY = "view-sessions";

    /** The compacted topics the stream jobs write a record to per changed key at every flush. */
    public static final java.util.List<String> JOB_UPSERT_TOPICS =
            java.util.List.of(ITEMS, CO_VIEWS, PROFILES, CUSTOMER_ITEMS, CONTACT_COUNTS, TOTALS, OFFER_STATS, KPIS);

    private Topics() {}
}
