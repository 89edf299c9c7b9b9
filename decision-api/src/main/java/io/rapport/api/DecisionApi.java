package io.rapport.api;

import static io.vertx.core.http.HttpMethod.DELETE;
import static io.vertx.core.http.HttpMethod.GET;
import static io.vertx.core.http.HttpMethod.POST;
import static io.vertx.core.http.HttpMethod.PUT;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rapport.analytics.CampaignGauges;
import io.rapport.analytics.DashboardSummary;
import io.rapport.analytics.KpiGauges;
import io.rapport.analytics.PrometheusNaming;
import io.rapport.campaign.CampaignService;
import io.rapport.campaign.CampaignValidator;
import io.rapport.catalog.CatalogPublisher;
import io.rapport.catalog.CatalogValidator;
import io.rapport.catalog.RecordCatalogPublisher;
import io.rapport.event.EventParser;
import io.rapport.http.AlsoBoughtHandler;
import io.rapport.http.AlsoViewedHandler;
import io.rapport.http.CampaignsHandler;
import io.rapport.http.CatalogHandler;
import io.rapport.http.DashboardHandler;
import io.rapport.http.EraseCustomerHandler;
import io.rapport.http.EventsHandler;
import io.rapport.http.FailureHandler;
import io.rapport.http.HealthHandler;
import io.rapport.http.HttpMetrics;
import io.rapport.http.ItemStatsHandler;
import io.rapport.http.JsonBodyReader;
import io.rapport.http.KpisHandler;
import io.rapport.http.MetricsHandler;
import io.rapport.http.NextBestActionsHandler;
import io.rapport.http.OffersHandler;
import io.rapport.http.ProfileHandler;
import io.rapport.http.RecommendationsHandler;
import io.rapport.http.RequestParams;
import io.rapport.http.RouteTable;
import io.rapport.http.SegmentsHandler;
import io.rapport.http.ViewsLoadingGate;
import io.rapport.http.WarmUp;
import io.rapport.http.security.ConnectionLimit;
import io.rapport.http.security.HttpVersionGuard;
import io.rapport.http.security.RateLimiter;
import io.rapport.http.security.RequestGuard;
import io.rapport.http.security.SecurityConfig;
import io.rapport.http.security.SecurityHandler;
import io.rapport.ingest.EventPublisher;
import io.rapport.ingest.KafkaEventPublisher;
import io.rapport.ingest.KafkaRecordPublisher;
import io.rapport.ingest.RecordPublisher;
import io.rapport.kafka.JobGroups;
import io.rapport.kafka.Topics;
import io.rapport.lag.JobLagMonitor;
import io.rapport.lag.JobLagProbe;
import io.rapport.lag.JobLagSettings;
import io.rapport.lag.StreamJobStates;
import io.rapport.offer.HoldoutRecorder;
import io.rapport.offer.KafkaOfferCataloguePublisher;
import io.rapport.offer.NextBestActions;
import io.rapport.offer.Offer;
import io.rapport.offer.OfferArbiter;
import io.rapport.offer.OfferCataloguePublisher;
import io.rapport.offer.OfferCatalogueService;
import io.rapport.offer.OfferValidator;
import io.rapport.offer.ProfileOfferFacts;
import io.rapport.offer.Propensity;
import io.rapport.offer.SegmentStampingPublisher;
import io.rapport.profile.CustomerProfile;
import io.rapport.rank.AlsoBoughtRanker;
import io.rapport.rank.AlsoViewedRanker;
import io.rapport.rank.ItemFacts;
import io.rapport.rank.PersonalRecommender;
import io.rapport.rank.PopularItems;
import io.rapport.rank.RecommendationCache;
import io.rapport.segment.CustomerSegments;
import io.rapport.store.DeadLetterCount;
import io.rapport.store.EventPrices;
import io.rapport.store.ViewConsumer;
import io.rapport.store.ViewProgress;
import io.rapport.store.Views;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision API's composition root: builds the views, the rankers and every handler, and
 * assembles all routes in {@link #router}.
 *
 * <p>{@link #start(Vertx, ApiConfig)} runs against Kafka: a {@link ViewConsumer} feeds the views
 * from the stream jobs' topics and a {@link KafkaEventPublisher} writes accepted events. {@link
 * #start(Vertx, ApiConfig, Views, EventPublisher)} takes the views and the publisher from the
 * caller instead (tests, embedding); the caller then reports the views' progress itself.
 *
 * <p>The HTTP server runs in one verticle; requests are answered from memory and nothing blocks its
 * event loop. {@link #close()} stops the server, then the consumer and the producer it owns.
 */
public final class DecisionApi {
    /** Readiness's status while {@link #warmUpBeforeReady} runs. */
    public static final String WARMING_UP = "warming_up";

    private static final Logger LOG = LoggerFactory.getLogger(DecisionApi.class);
    private static final int POPULAR_DEPTH = 1_000;
    private static final long POPULAR_REFRESH_MILLIS = 1_000;
    private static final String CACHE_NAME = "also-bought";
    /** RFM quintiles and segment counts are recomputed this often, off the event loop. */
    private static final long SEGMENTS_REFRESH_MILLIS = 2_000;
    /** The KPI gauges are recomputed this often; the timer is the verticle's, cancelled with it. */
    private static final long KPI_GAUGES_REFRESH_MILLIS = 1_000;
    /** How long {@link #close()} lets in-flight HTTP requests finish before closing their connections. */
    private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(10);

    private final Vertx vertx;
    private final ApiConfig config;
    private final Views views;
    private final EventPublisher publisher;
    private final List<AutoCloseable> owned;
    private final OfferCatalogueService offerCatalogue;
    private final CustomerSegments segments;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    private final HttpVerticle verticle = new HttpVerticle();
    private String deploymentId;
    /**
     * Whether the API reads views it loads from Kafka itself: then, until they have caught up with
     * their topics once, requests under {@code /v1/} but {@code POST /v1/events} answer 503 {@code
     * catching_up}, so that neither a caller nor an answer cache sees a half-loaded state.
     */
    private boolean readsWaitForViews;
    /** Run once the port is listened on; null for nothing. */
    private Runnable afterListen;
    /**
     * Whether the popular items and the segments (RFM quintiles) have been computed from views that
     * had caught up: until then they describe a half-loaded population ({@link #readsWaitForViews}).
     */
    private volatile boolean popularLoaded;

    private volatile boolean segmentsLoaded;
    /** API keys, rate limit and CORS; set by {@link #start} before the router is built. */
    private SecurityConfig security = SecurityConfig.OPEN;
    /** Writes {@code POST /v1/catalog} records; set by {@link #start} before the router is built. */
    private CatalogPublisher catalogPublisher = CatalogPublisher.IN_MEMORY;
    /** The stream jobs' consumer-group lag; set by {@link #start} before the metrics are bound. */
    private JobLagMonitor jobLag;

    private final StreamJobStates streamJobs = new StreamJobStates();
    private final WarmUp warmUp = new WarmUp();
    /** Campaign set and reports; set by {@link #start} before the router is built. */
    private CampaignService campaigns;

    private DecisionApi(
            Vertx vertx,
            ApiConfig config,
            Views views,
            EventPublisher publisher,
            OfferCataloguePublisher offerPublisher,
            List<AutoCloseable> owned) {
        this.offerCatalogue = new OfferCatalogueService(views.offers(), offerPublisher, Clock.systemUTC());
        this.segments = new CustomerSegments(views.profiles(), config.segments(), Clock.systemUTC());
        this.vertx = vertx;
        this.config = config;
        this.views = views;
        this.publisher = publisher;
        this.owned = owned;
    }

    /**
     * Starts the API against the Kafka cluster at {@code config.bootstrapServers()}. The future
     * fails for an unusable configuration (e.g. unresolvable bootstrap servers) or a busy port, but
     * not for an unreachable broker: the API then serves, not ready, and retries.
     */
    public static Future<DecisionApi> start(Vertx vertx, ApiConfig config) {
        return startHeld(vertx, config, null, null);
    }

    /**
     * {@link #start(Vertx, ApiConfig)} with readiness {@linkplain ViewProgress#hold held} for {@code
     * reason} from before the views read anything: the embedded stack serves while its stream jobs
     * start, and a caller of {@code /health/ready} never sees it ready before they run.
     *
     * @param reason the readiness status until {@code views().progress().release()}; null for none
     * @param afterListen run on the event loop once the API listens on its port (it must not block):
     *     what answered there meanwhile, a server of the same {@code vertx} on the same port, shares
     *     the listening socket with the API until then and can close now without the port refusing
     *     a connection; null for nothing
     */
    public static Future<DecisionApi> startHeld(Vertx vertx, ApiConfig config, String reason, Runnable afterListen) {
        SecurityConfig security;
        try {
            security = SecurityConfig.fromEnvironment(System.getenv());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
        return start(vertx, config, security, reason, afterListen);
    }

    /** Starts the API against Kafka with the given keys, rate limit and CORS origins. */
    private static Future<DecisionApi> start(
            Vertx vertx, ApiConfig config, SecurityConfig security, String heldReadiness, Runnable afterListen) {
        Objects.requireNonNull(config.bootstrapServers(), "bootstrapServers");
        JobLagSettings lagSettings;
        try {
            lagSettings = JobLagSettings.fromEnvironment(System.getenv());
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(e);
        }
        Views views = Views.empty();
        if (heldReadiness != null) {
            views.progress().hold(heldReadiness);
        }
        ViewConsumer consumer;
        try {
            consumer = new ViewConsumer(config.bootstrapServers(), views);
        } catch (KafkaException e) {
            return Future.failedFuture(e);
        }
        KafkaEventPublisher publisher;
        try {
            publisher = new KafkaEventPublisher(vertx, config.bootstrapServers());
        } catch (KafkaException e) {
            return vertx.executeBlocking(() -> {
                        consumer.close();
                        return null;
                    })
                    .transform(closed -> Future.failedFuture(e));
        }
        consumer.start();
        JobLagMonitor jobLag = new JobLagMonitor(JobGroups.BY_JOB, lagSettings);
        JobLagProbe lagProbe = new JobLagProbe(config.bootstrapServers(), jobLag);
        lagProbe.start();
        KafkaRecordPublisher adminRecords = new KafkaRecordPublisher(vertx, config.bootstrapServers());
        KafkaOfferCataloguePublisher offerPublisher = new KafkaOfferCataloguePublisher(adminRecords);
        RecordCatalogPublisher catalogPublisher = new RecordCatalogPublisher(adminRecords);
        return start(
                vertx,
                config,
                views,
                publisher,
                offerPublisher,
                catalogPublisher,
                adminRecords,
                List.of(consumer, publisher, adminRecords, lagProbe),
                jobLag,
                security,
                api -> {
                    api.readsWaitForViews = true;
                    api.afterListen = afterListen;
                });
    }

    /** Starts the API on the given views and publisher, without Kafka, with the given security. */
    public static Future<DecisionApi> start(
            Vertx vertx, ApiConfig config, Views views, EventPublisher publisher, SecurityConfig security) {
        return start(
                vertx,
                config,
                views,
                publisher,
                OfferCataloguePublisher.IN_MEMORY,
                CatalogPublisher.IN_MEMORY,
                RecordPublisher.IN_MEMORY,
                List.of(),
                unmeasuredJobLag(),
                security,
                api -> {});
    }

    /** Starts the API on the given views and publisher, without Kafka; it closes neither. */
    public static Future<DecisionApi> start(Vertx vertx, ApiConfig config, Views views, EventPublisher publisher) {
        return start(vertx, config, views, publisher, SecurityConfig.OPEN);
    }

    /** Starts the API without Kafka, writing offer catalogues with {@code offerPublisher}. */
    public static Future<DecisionApi> start(
            Vertx vertx,
            ApiConfig config,
            Views views,
            EventPublisher publisher,
            OfferCataloguePublisher offerPublisher) {
        return start(
                vertx,
                config,
                views,
                publisher,
                offerPublisher,
                CatalogPublisher.IN_MEMORY,
                RecordPublisher.IN_MEMORY,
                List.of(),
                unmeasuredJobLag(),
                SecurityConfig.OPEN,
                api -> {});
    }

    private static Future<DecisionApi> start(
            Vertx vertx,
            ApiConfig config,
            Views views,
            EventPublisher publisher,
            OfferCataloguePublisher offerPublisher,
            CatalogPublisher catalogPublisher,
            RecordPublisher adminRecords,
            List<AutoCloseable> owned,
            JobLagMonitor jobLag,
            SecurityConfig security,
            Consumer<DecisionApi> configure) {
        DecisionApi api = new DecisionApi(vertx, config, views, publisher, offerPublisher, owned);
        configure.accept(api);
        api.catalogPublisher = Objects.requireNonNull(catalogPublisher, "catalogPublisher");
        api.campaigns = new CampaignService(views.campaigns(), views.kpis(), adminRecords, Clock.systemUTC());
        api.security = Objects.requireNonNull(security, "security");
        api.jobLag = Objects.requireNonNull(jobLag, "jobLag");
        api.bindMetrics();
        return vertx.deployVerticle(api.verticle)
                .map(id -> {
                    api.deploymentId = id;
                    return api;
                })
                .recover(failure -> api.close().transform(closed -> Future.failedFuture(failure)));
    }

    /** The HTTP port the API listens on. */
    public int port() {
        return verticle.server.actualPort();
    }

    public Views views() {
        return views;
    }

    /**
     * Installs the bundled sample offer catalogue if the catalogue is empty; completes with whether
     * it did. Call once {@code views().progress().caughtUp()}, so that a catalogue still being read
     * from Kafka is not replaced.
     */
    public Future<Boolean> installSampleOffersIfEmpty() {
        return offerCatalogue.installSampleIfEmpty();
    }

    /**
     * Sends the API's read routes a warm-up ({@link WarmUp}: compiled code for the first clients, none of it
     * timed into the metrics); blocks for a few seconds at most, so never on an event loop. Call once the
     * views are servable, before readiness is released.
     */
    public WarmUp.Summary warmUp() {
        return warmUp.run(port(), views);
    }

    /**
     * Holds readiness as {@value #WARMING_UP}, {@linkplain #warmUp warms up} if the views are servable, and
     * releases readiness unless something else has held it since; blocks, so never on an event loop.
     */
    public void warmUpThenRelease() {
        views.progress().hold(WARMING_UP);
        try {
            if (views.progress().servable()) {
                warmUp();
            }
        } finally {
            if (WARMING_UP.equals(views.progress().held())) {
                views.progress().release();
            }
        }
    }

    /**
     * Holds readiness as {@value #WARMING_UP} at once and, on a thread of its own, waits for the views to
     * be servable, then {@linkplain #warmUpThenRelease warms up and releases it}; for an API whose readiness
     * nothing else holds.
     */
    public void warmUpBeforeReady() {
        views.progress().hold(WARMING_UP);
        Thread thread = new Thread(
                () -> {
                    try {
                        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                        while (!views.progress().servable() && System.nanoTime() < deadline) {
                            Thread.sleep(100);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    warmUpThenRelease();
                },
                "rapport-warm-up");
        thread.setDaemon(true);
        thread.start();
    }

    /** The stream jobs' lag as measured on Kafka; never measured when the API runs without Kafka. */
    public JobLagMonitor jobLag() {
        return jobLag;
    }

    /** Where the process running the stream jobs reports their states (the embedded stack). */
    public StreamJobStates streamJobs() {
        return streamJobs;
    }

    private static JobLagMonitor unmeasuredJobLag() {
        return new JobLagMonitor(JobGroups.BY_JOB, JobLagSettings.DEFAULTS);
    }

    /** The registry behind {@code /metrics}, for callers that add their own meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops the HTTP server, then the Kafka consumer and producer if this API created them. */
    public Future<Void> close() {
        Future<Void> undeployed = deploymentId == null ? Future.succeededFuture() : vertx.undeploy(deploymentId);
        return undeployed.eventually(() -> vertx.executeBlocking(() -> {
            for (AutoCloseable resource : owned) {
                try {
                    resource.close();
                } catch (Exception e) {
                    LOG.warn("Could not close {}", resource, e);
                }
            }
            gcMetrics.close();
            registry.close();
            return null;
        }));
    }

    private void bindMetrics() {
        registry.config().meterFilter(PrometheusNaming.FILTER);
        ViewProgress progress = views.progress();
        Gauge.builder("rapport.view.lag", progress, ViewProgress::lag)
                .description("Records of the view topics not yet applied (-1 before the first measurement)")
                .register(registry);
        Gauge.builder("rapport.view.ready", progress, p -> p.ready() ? 1 : 0)
                .description("1 once the views have caught up with Kafka")
                .register(registry);
        Gauge.builder(
                        "rapport.view.lag.check.age",
                        progress,
                        p -> p.lastCheckMillis() == 0 ? -1 : (System.currentTimeMillis() - p.lastCheckMillis()) / 1e3)
                .description("Seconds since the lag was last measured; grows while Kafka is unreachable")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder(
                        "rapport.view.degraded",
                        views,
                        v -> HealthHandler.degraded(v, System.currentTimeMillis()) ? 1 : 0)
                .description("1 while Kafka has not answered a lag check for 10 s: answers come from stale views")
                .register(registry);
        Gauge.builder(
                        "rapport.stream.down",
                        streamJobs,
                        j -> j.reported() ? (j.down(System.currentTimeMillis()) ? 1 : 0) : Double.NaN)
                .description("1 while a stream job run by this process has ended or has been restarting for 10 s;"
                        + " NaN where the jobs run elsewhere (read rapport_job_lagging)")
                .register(registry);
        Gauge.builder("rapport.events.dead.letters", views.deadLetters(), DeadLetterCount::count)
                .description("Events refused by the stream jobs (read from Kafka, not posted to the API) that the"
                        + " dead-letter topic " + Topics.DEAD_LETTERS + " holds, each distinct letter once"
                        + " (one written again after a job restart counts once); -1 until the topic is read")
                .register(registry);
        for (String job : jobLag.groupsByJob().keySet()) {
            Gauge.builder("rapport.job.lag.records", jobLag, m -> m.lag(job))
                    .description("Records of events not yet committed by the job's consumer group"
                            + " (Flink commits at checkpoints); -1 when unknown")
                    .tag("job", job)
                    .register(registry);
            Gauge.builder("rapport.job.lagging", jobLag, m -> m.lagging(job, System.currentTimeMillis()) ? 1 : 0)
                    .description("1 while the job's lag has stayed above the threshold for longer than allowed")
                    .tag("job", job)
                    .register(registry);
        }
        Gauge.builder("rapport.view.items", views.items(), i -> i.size())
                .description("Items held by the item view")
                .register(registry);
        Gauge.builder("rapport.view.customers", views.customers(), c -> c.size())
                .description("Customers held by the customer-items view")
                .register(registry);
        Gauge.builder("rapport.view.co.views", views.coViews(), c -> c.size())
                .description("Items held by the co-view (also-viewed) view")
                .register(registry);
        Gauge.builder("rapport.view.profiles", views.profiles(), p -> p.size())
                .description("Customer profiles held by the profile view")
                .register(registry);
        for (String name : config.segments().definitions().keySet()) {
            Gauge.builder(
                            "rapport.segment.customers",
                            segments,
                            s -> s.counts().sizes().getOrDefault(name, 0L))
                    .description("Customers in a named segment, as of the last recount")
                    .tag("segment", name)
                    .register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Builds the rankers and handlers and assembles every route; runs on the verticle's context. */
    private Router router(Context context, PopularItems popular) {
        Executor onContext = task -> context.runOnContext(v -> task.run());
        AlsoBoughtRanker alsoBoughtRanker = new AlsoBoughtRanker(
                views.items(),
                views.customers(),
                views.totals(),
                popular,
                config.cacheSize(),
                onContext,
                new ItemFacts(views.items(), views.catalog()),
                config.ranking(),
                config.decay());
        views.catalog().onChange(alsoBoughtRanker::invalidate);
        views.items().onChange(alsoBoughtRanker::invalidate);
        CaffeineCacheMetrics.monitor(registry, alsoBoughtRanker.cache(), CACHE_NAME);
        AlsoViewedRanker alsoViewedRanker = new AlsoViewedRanker(
                views.coViews(),
                views.customers(),
                popular,
                alsoBoughtRanker.facts(),
                config.ranking(),
                config.cacheSize(),
                onContext);
        views.catalog().onChange(alsoViewedRanker::invalidate);
        views.coViews().onChange(alsoViewedRanker::invalidate);
        CaffeineCacheMetrics.monitor(registry, alsoViewedRanker.cache(), "also-viewed");
        PersonalRecommender personal = new PersonalRecommender(
                views.items(),
                views.coViews(),
                views.customers(),
                views.profiles(),
                popular,
                alsoBoughtRanker.facts(),
                PersonalRecommender.Settings.DEFAULTS.withTimeDecay(config.decay()),
                config.cacheSize(),
                onContext);
        CaffeineCacheMetrics.monitor(registry, personal.cache(), "personal-neighbours");
        CaffeineCacheMetrics.monitor(registry, personal.coViewCache(), "personal-co-views");
        RecommendationCache recommendations = new RecommendationCache(
                personal, views.customers(), alsoBoughtRanker.facts(), config.cacheSize(), onContext);
        views.customers().onChange(recommendations::invalidate);
        views.profiles().onChange(recommendations::invalidate);
        views.catalog().onChange(recommendations::catalogueChanged);
        CaffeineCacheMetrics.monitor(registry, recommendations.cache(), "recommendations");

        EventParser parser = new EventParser(config.limits(), Clock.systemUTC());
        RequestParams params = new RequestParams(config.limits());
        JsonBodyReader bodies = new JsonBodyReader(config.limits());
        HttpMetrics httpMetrics = new HttpMetrics(registry);
        HealthHandler health = new HealthHandler(views, jobLag, streamJobs, Clock.systemUTC());
        FailureHandler failures = new FailureHandler(config.limits().maxBodyBytes());
        BodyHandler body =
                BodyHandler.create(false).setBodyLimit(config.limits().maxBodyBytes());

        Router router = Router.router(vertx);
        RouteTable routes = new RouteTable(router, httpMetrics, body);
        router.route().handler(warmUp.marker()); // first: a warm-up's requests are not timed
        router.route().handler(httpMetrics::start);
        router.route().handler(ctx -> {
            // answers are JSON or the dashboard's page, each with its type: never sniffed as anything else
            ctx.response().putHeader("X-Content-Type-Options", "nosniff");
            ctx.next();
        });
        router.route().handler(new RequestGuard(routes::emptyParameter));
        Handler<RoutingContext> cors = SecurityHandler.cors(security);
        if (cors != null) {
            router.route().handler(cors);
        }
        router.route()
                .handler(new SecurityHandler(
                        security, new RateLimiter(security.ratePerSecond(), security.rateBurst(), System::nanoTime)));
        if (readsWaitForViews) {
            views.progress().requireDerived(() -> popularLoaded && segmentsLoaded);
            router.route().handler(new ViewsLoadingGate(views.progress()));
        }
        // Up-sell prices: the catalogue's, else those the events carry (the catalogue is optional).
        EventPrices eventPrices = new EventPrices();
        views.profiles().onChange(customerId -> {
            CustomerProfile profile = views.profiles().find(customerId);
            if (profile == null) {
                eventPrices.forget(customerId); // erased: their lines go, as after a restart
            } else {
                eventPrices.observe(profile);
            }
        });
        views.profiles().all().forEach(eventPrices::observe); // any loaded before the listener (idempotent)
        ProfileOfferFacts offerFacts = new ProfileOfferFacts(
                views.profiles()::find,
                views.customers(),
                alsoBoughtRanker,
                EventPrices.preferring(views.catalog(), eventPrices),
                profile -> segments.assess(profile).segments());
        EventsHandler events =
                new EventsHandler(parser, new SegmentStampingPublisher(publisher, offerFacts::segments), registry);
        routes.addWithJsonBody(POST, "/v1/events", events).failureHandler(events::countRefusal);
        routes.add(GET, "/v1/items/:itemId/also-bought", new AlsoBoughtHandler(alsoBoughtRanker, params));
        routes.add(GET, "/v1/items/:itemId/also-viewed", new AlsoViewedHandler(alsoViewedRanker, params));
        routes.add(GET, "/v1/items/:itemId/stats", new ItemStatsHandler(views.items(), params));
        routes.add(
                GET, "/v1/customers/:customerId/recommendations", new RecommendationsHandler(recommendations, params));
        routes.add(GET, "/v1/customers/:customerId/profile", new ProfileHandler(views.profiles(), segments, params));
        routes.add(GET, "/v1/segments", new SegmentsHandler(segments));
        routes.add(
                DELETE,
                "/v1/customers/:customerId",
                new EraseCustomerHandler(
                        parser,
                        publisher,
                        params,
                        Clock.systemUTC(),
                        customerId -> {
                            CustomerProfile p = views.profiles().find(customerId);
                            return p == null ? Long.MIN_VALUE : p.lastSeen();
                        },
                        registry));
        routes.add(GET, "/health/live", health::live);
        routes.add(GET, "/health/ready", health::ready);
        routes.add(GET, "/metrics", new MetricsHandler(vertx, registry));
        routes.add(GET, "/v1/kpis", new KpisHandler(vertx, views.kpis()));
        DashboardHandler dashboard = new DashboardHandler(
                vertx, new DashboardSummary(registry, views.items(), alsoBoughtRanker.facts()::name));
        routes.add(GET, "/dashboard", dashboard::page);
        routes.add(GET, "/v1/dashboard/summary", dashboard::summary);
        KpiGauges kpiGauges = new KpiGauges(
                views.kpis(),
                () -> views.offers().catalogue().offers().offers().stream()
                        .map(Offer::offerId)
                        .collect(Collectors.toSet()),
                registry);
        CampaignGauges campaignGauges = new CampaignGauges(campaigns, registry);
        vertx.setPeriodic(
                0,
                KPI_GAUGES_REFRESH_MILLIS,
                id -> vertx.executeBlocking(
                        () -> {
                            kpiGauges.refresh();
                            campaignGauges.refresh();
                            return null;
                        },
                        false));
        NextBestActions nextBestActions = new NextBestActions(
                views.offers(),
                offerFacts,
                config.contactCaps(),
                new OfferArbiter(Propensity.DEFAULTS, config.offerExploration()),
                new HoldoutRecorder(parser, publisher),
                Clock.systemUTC(),
                () -> ThreadLocalRandom.current().nextLong());
        OffersHandler offers =
                new OffersHandler(views.offers(), offerCatalogue, new OfferValidator(config.limits()), bodies);
        routes.add(GET, "/v1/offers", offers::get);
        routes.addWithJsonBody(PUT, "/v1/offers", offers::put);
        CampaignsHandler campaignsHandler =
                new CampaignsHandler(vertx, campaigns, new CampaignValidator(config.limits()), params, bodies);
        routes.add(GET, "/v1/campaigns", campaignsHandler::list);
        routes.addWithJsonBody(PUT, "/v1/campaigns", campaignsHandler::put);
        routes.add(GET, "/v1/campaigns/:campaignId/report", campaignsHandler::report);
        CatalogHandler catalog = new CatalogHandler(
                views.catalog(), catalogPublisher, new CatalogValidator(config.limits()), params, bodies);
        routes.addWithJsonBody(POST, "/v1/catalog", catalog::post);
        routes.add(GET, "/v1/catalog/:itemId", catalog::get);
        routes.add(
                GET,
                "/v1/customers/:customerId/next-best-actions",
                new NextBestActionsHandler(nextBestActions, params));
        routes.refuseOtherMethods();
        router.route().failureHandler(failures);
        for (int status : List.of(400, 404, 405, 413, 500)) {
            router.errorHandler(status, failures.forStatus(status));
        }
        return router;
    }

    /** Serves the router on one event loop and refreshes the popular items and segments off it. */
    private final class HttpVerticle extends VerticleBase {
        private HttpServer server;
        private long popularTimer = -1;
        private long segmentsTimer = -1;

        @Override
        public Future<?> start() {
            PopularItems popular =
                    new PopularItems(views.items(), POPULAR_DEPTH, new ItemFacts(views.items(), views.catalog()));
            ConnectionLimit connections = new ConnectionLimit(ConnectionLimit.defaultMax(), registry);
            server = vertx.createHttpServer(ConnectionLimit.serverOptions().setPort(config.port()))
                    .requestHandler(router(context, popular))
                    .invalidRequestHandler(RequestGuard::invalidRequest)
                    .connectionHandler(connection -> {
                        if (connections.accept(connection)) {
                            HttpVersionGuard.install(connection);
                        }
                    });
            return vertx.executeBlocking(() -> refresh(popular))
                    .compose(v -> {
                        popularTimer = vertx.setPeriodic(
                                POPULAR_REFRESH_MILLIS, id -> vertx.executeBlocking(() -> refresh(popular), false));
                        segmentsTimer = vertx.setPeriodic(
                                SEGMENTS_REFRESH_MILLIS, id -> vertx.executeBlocking(this::refreshSegments, false));
                        return vertx.executeBlocking(this::refreshSegments);
                    })
                    .compose(v -> server.listen())
                    .onSuccess(listening -> {
                        if (afterListen != null) {
                            afterListen.run();
                        }
                    });
        }

        private Void refreshSegments() {
            boolean caughtUp = views.progress().caughtUp();
            segments.refresh();
            segmentsLoaded |= caughtUp;
            return null;
        }

        private Void refresh(PopularItems popular) {
            boolean caughtUp = views.progress().caughtUp();
            popular.refresh();
            popularLoaded |= caughtUp;
            return null;
        }

        @Override
        public Future<?> stop() {
            vertx.cancelTimer(popularTimer);
            vertx.cancelTimer(segmentsTimer);
            // Graceful: stops accepting, lets in-flight requests finish (at most SHUTDOWN_GRACE), then closes.
            return server.shutdown(SHUTDOWN_GRACE);
        }
    }
}
