package io.rapport.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.rapport.api.ApiConfig;
import io.rapport.api.DecisionApi;
import io.rapport.campaign.Campaign;
import io.rapport.campaign.CampaignSet;
import io.rapport.catalog.CatalogItem;
import io.rapport.copurchase.ItemSnapshot;
import io.rapport.copurchase.NeighbourCount;
import io.rapport.http.security.ApiKeys;
import io.rapport.http.security.SecurityConfig;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.kpi.KpiPane;
import io.rapport.offer.ContactClass;
import io.rapport.offer.Offer;
import io.rapport.offer.OfferCatalogue;
import io.rapport.offer.OfferTrigger;
import io.rapport.profile.JourneyStage;
import io.rapport.store.Views;
import io.rapport.testing.ApiTestBase;
import io.rapport.testing.KpiPanes;
import io.rapport.testing.Offers;
import io.rapport.testing.Profiles;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxTestContext;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads {@code /dashboard} from a running API in Debian's headless Chromium, lets its script render,
 * and checks the numbers in the DOM; saves {@code target/dashboard.png}. Skipped where
 * {@code /usr/bin/chromium} is not installed.
 */
class DashboardBrowserTest extends ApiTestBase {
    private static final String CHROMIUM = "/usr/bin/chromium";

    /** Chromium's profiles (about 2 MB each), removed after every test. */
    @TempDir
    Path profiles;

    @Override
    protected void fill(Views views) {
        KpiPanes.fill(views);
        views.items().put(new ItemSnapshot("milk", "dairy", 12, 0, 0, List.of(new NeighbourCount("bread", 7)), 0));
        views.items().put(new ItemSnapshot("bread", "bakery", 9, 0, 0, List.of(new NeighbourCount("milk", 7)), 0));
        // pairs are named as the catalogue names their items
        views.catalog().put(new CatalogItem("milk", "Whole milk", "dairy", 1.0, true));
        // retention of the 1h window [17:00, 18:00): 4 buyers at 16:30, one of them back at 17:30
        views.apply(
                Topics.KPIS,
                "2026-11-22T16:30:00Z",
                Json.encode(new KpiPane(0, Map.of(), Map.of(), Map.of(), Map.of(KpiPane.NO_PREVIOUS_PURCHASE, 4L))));
        views.apply(
                Topics.KPIS,
                "2026-11-22T17:30:00Z",
                Json.encode(new KpiPane(0, Map.of(), Map.of(), Map.of(), Map.of("2026-11-22T16:30:00Z", 1L))));
        // half way through (12:00 to 24:00, KPI clock 18:00); "coffee" has 80 impressions and 4 redemptions
        Campaign coffeeWeek = new Campaign(
                "coffee-week",
                "Coffee week",
                List.of("coffee"),
                "2026-11-22T12:00:00Z",
                "2026-11-23T00:00:00Z",
                new Campaign.Plan(200, 10, 100));
        views.apply(Topics.CAMPAIGNS, CampaignSet.KEY, Json.encode(new CampaignSet(List.of(coffeeWeek), 1)));
        // the catalogue: "coffee" has KPIs in the window, "tea" none, so it shows as a row of zeros
        // and one whose id holds a right-to-left override, shown as such rather than reversing the row
        views.offers()
                .replace(new OfferCatalogue(
                        List.of(serviceOffer("coffee"), serviceOffer("tea"), serviceOffer("\u202Eabc")), 1));
        // two customers for the journey stages (the API counts them once as it starts)
        views.profiles().put(Profiles.buyer("p-1", 1, 10, 3, JourneyStage.FIRST_PURCHASE));
        views.profiles().put(Profiles.buyer("p-2", 3, 90, 2, JourneyStage.REPEAT));
    }

    private static Offer serviceOffer(String offerId) {
        return Offers.offer(offerId, OfferTrigger.ALWAYS, ContactClass.SERVICE, 1);
    }

    private String chromium(String... mode) throws Exception {
        return chromiumAt("http://127.0.0.1:" + api.port() + "/dashboard", mode);
    }

    private String chromiumAt(String url, String... mode) throws Exception {
        return whileKafkaAnswers(() -> browse(url, mode));
    }

    /**
     * Runs {@code browsing} while Kafka "answers" the views' lag check every 200 ms, so the page has no
     * reason to say Kafka's check is stale however long chromium takes on a busy machine (CI runs 125
     * and 126 rendered for 12–15 s, past the check's threshold, with the check reported once before).
     */
    private String whileKafkaAnswers(Callable<String> browsing) throws Exception {
        ScheduledExecutorService answering = Executors.newSingleThreadScheduledExecutor();
        answering.scheduleAtFixedRate(
                () -> views.progress().report(0, true, System.currentTimeMillis()), 0, 200, TimeUnit.MILLISECONDS);
        try {
            Thread.sleep(50); // the first report is in before the page asks
            return browsing.call();
        } finally {
            answering.shutdownNow();
        }
    }

    private String browse(String url, String... mode) throws Exception {
        Path profile = Files.createTempDirectory(profiles, "chromium");
        List<String> command = new ArrayList<>(List.of(
                CHROMIUM,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--user-data-dir=" + profile,
                "--virtual-time-budget=5000"));
        command.addAll(List.of(mode));
        command.add(url);
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            return out;
        } finally {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void dashboard_rendersTheKpis_withoutNaNOrUndefined(VertxTestContext testContext) throws Exception {
        assumeTrue(new File(CHROMIUM).canExecute(), "chromium is not installed");
        // an answer and an ingestion first, so that both rows of server-time tiles have something to show
        get("/v1/items/milk/also-bought")
                .send()
                .toCompletionStage()
                .toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertThat(post("/v1/events")
                        .sendBuffer(Buffer.buffer("{\"eventId\":\"d-1\",\"type\":\"view\",\"customerId\":\"c-1\","
                                + "\"timestamp\":\"2026-11-22T17:00:00Z\",\"items\":[{\"itemId\":\"milk\"}]}"))
                        .toCompletionStage()
                        .toCompletableFuture()
                        .get(10, TimeUnit.SECONDS)
                        .statusCode())
                .isEqualTo(202);

        String dom = chromium("--dump-dom");

        assertThat(dom)
                .contains("data-rendered=\"true\"")
                .contains("<b id=\"revenue\">30.00</b>")
                .contains("<b id=\"orders\">3</b>")
                .contains("<b id=\"aov\">10.00</b>")
                .contains("<span id=\"conversion\">10.0%</span>")
                .contains("<b id=\"rec-ctr\">10.0%</b>")
                .contains("<b id=\"rec-revenue\">7.50</b>")
                .contains(
                        "<td>coffee</td><td>80</td><td>8</td><td>10.0%</td><td>4</td><td>5.0%</td><td>56 / 70</td><td>48 / 80</td>"
                                + "<td>20.0% [5.2%, 33.4%]</td></tr><tr><td>tea</td><td>0</td><td>0</td><td>–</td><td>0</td>"
                                + "<td>–</td><td>0 / 0</td><td>0 / 0</td><td>–</td></tr>")
                .contains("data-stale=\"false\"")
                .contains("<div id=\"stale\" class=\"warning\" role=\"status\" hidden=\"\"></div>")
                .contains("<td>bread + Whole milk</td><td>7</td>")
                .contains("<td>[U+202E]abc</td>")
                .doesNotContain("\u202E")
                .contains("class=\"funnel-value\"")
                .contains("<b id=\"retention\">25.0%</b>")
                .contains("Coffee week")
                .contains("50.0% elapsed")
                .contains(">80 / 200 · projected 160 (80.0% of plan)</text>")
                .contains(">4 / 10 · projected 8 (80.0% of plan)</text>")
                .contains(">0.00 / 100.00 · projected 0.00 (0.0% of plan)</text>")
                .contains("class=\"campaign-actual\"");
        assertThat(dom.substring(dom.indexOf("<tbody id=\"stages\">")))
                .as("every journey stage in order, adding up to the population")
                .startsWith("<tbody id=\"stages\"><tr><td>new</td><td>0</td></tr><tr><td>browsing</td><td>0</td></tr>"
                        + "<tr><td>carted</td><td>0</td></tr><tr><td>first_purchase</td><td>1</td></tr>"
                        + "<tr><td>repeat</td><td>1</td></tr><tr><td>loyal</td><td>0</td></tr>"
                        + "<tr><td>at_risk</td><td>0</td></tr><tr><td>lapsed</td><td>0</td></tr></tbody>");
        String rendered = dom.replaceAll("(?s)<script>.*</script>", "");
        assertThat(rendered).doesNotContain("NaN").doesNotContain("undefined").doesNotContain("Infinity");
        assertThat(dom)
                .containsPattern("<b id=\"latency-p99\">[0-9.]+</b>")
                .contains("<b id=\"latency-requests\">1</b>")
                .containsPattern("<b id=\"ingest-p99\">[0-9.]+</b>")
                .contains("<b id=\"ingest-requests\">1</b>");

        Path screenshot = Path.of("target", "dashboard.png").toAbsolutePath();
        Files.deleteIfExists(screenshot);
        chromium("--screenshot=" + screenshot, "--window-size=1280,900", "--hide-scrollbars");
        assertThat(screenshot).exists();
        testContext.completeNow();
    }

    @Test
    void whenKafkaStopsAnswering_thePageSaysItsFiguresAreTheLastState(VertxTestContext testContext) throws Exception {
        assumeTrue(new File(CHROMIUM).canExecute(), "chromium is not installed");
        long lastCheck = System.currentTimeMillis() - 30_000;
        views.progress().report(0, true, lastCheck);

        String dom = browse("http://127.0.0.1:" + api.port() + "/dashboard", "--dump-dom");

        assertThat(dom)
                .contains("data-stale=\"true\"")
                .contains("⚠ Not live: Kafka has not answered the API since " + Instant.ofEpochMilli(lastCheck)
                        + ": the figures are the last state it holds.")
                .as("the figures are still shown, as the API still answers from its last state")
                .contains("<b id=\"revenue\">30.00</b>")
                .doesNotContain("updated <span id=\"updated\">never</span>");
        testContext.completeNow();
    }

    @Test
    void whenTheStreamJobEnded_thePageSaysNothingNewIsCounted(VertxTestContext testContext) throws Exception {
        assumeTrue(new File(CHROMIUM).canExecute(), "chromium is not installed");
        api.streamJobs().report("rapport", "FAILED", System.currentTimeMillis());

        String dom = whileKafkaAnswers(() -> browse("http://127.0.0.1:" + api.port() + "/dashboard", "--dump-dom"));

        assertThat(dom)
                .contains("data-stale=\"true\"")
                .contains("⚠ Not live: the stream jobs are not running (rapport FAILED): nothing new is counted.")
                .contains("<b id=\"revenue\">30.00</b>");
        testContext.completeNow();
    }

    @Test
    void whileTheSampleLoads_thePageSaysSo(VertxTestContext testContext) throws Exception {
        assumeTrue(new File(CHROMIUM).canExecute(), "chromium is not installed");
        views.progress().hold("replaying_sample");

        String dom = whileKafkaAnswers(() -> browse("http://127.0.0.1:" + api.port() + "/dashboard", "--dump-dom"));

        assertThat(dom)
                .contains("data-stale=\"true\"")
                .contains("⚠ Not live: the bundled sample is still being loaded.")
                .contains("<b id=\"revenue\">30.00</b>");
        // the API's warm-up (DecisionApi.warmUpBeforeReady) holds readiness too, and is no catching up
        views.progress().hold(DecisionApi.WARMING_UP);

        String warming = whileKafkaAnswers(() -> browse("http://127.0.0.1:" + api.port() + "/dashboard", "--dump-dom"));

        assertThat(warming.replaceAll("(?s)<script>.*</script>", ""))
                .contains("⚠ Not live: the API is warming up its answers (a few seconds).")
                .doesNotContain("catching up with Kafka");
        testContext.completeNow();
    }

    @Test
    void withKeysConfigured_thePageSendsTheKeyFromItsFragment_andAsksForOneWithout(
            Vertx vertx, VertxTestContext testContext) throws Exception {
        assumeTrue(new File(CHROMIUM).canExecute(), "chromium is not installed");
        String clientKey = "dashboard-client-key-0123";
        SecurityConfig keys = SecurityConfig.OPEN.withKeys(ApiKeys.of(List.of(clientKey), List.of()));
        DecisionApi keyed = DecisionApi.start(vertx, ApiConfig.of(0, null), views, publisher, keys)
                .toCompletionStage()
                .toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        try {
            String page = "http://127.0.0.1:" + keyed.port() + "/dashboard";

            String withKey = chromiumAt(page + "#key=" + clientKey, "--dump-dom");
            assertThat(withKey)
                    .contains("data-rendered=\"true\"")
                    .contains("<b id=\"revenue\">30.00</b>")
                    .contains("<td>bread + Whole milk</td><td>7</td>")
                    .contains("<td>[U+202E]abc</td>")
                    .doesNotContain("\u202E")
                    .contains("<form id=\"key-form\" hidden=\"\"");

            String withoutKey = chromiumAt(page, "--dump-dom");
            assertThat(withoutKey)
                    .contains("data-rendered=\"true\"")
                    .contains("<b id=\"revenue\">–</b>")
                    .contains("⚠ Not live: no panel could be refreshed (/v1/kpis?window=1h 401).")
                    .contains("updated <span id=\"updated\">never</span>")
                    .contains("this API needs a key")
                    // nothing could be fetched: the tables do not claim to be empty
                    .contains("<tbody id=\"pairs\"><tr><td class=\"muted\" colspan=\"2\">not loaded yet</td></tr>")
                    .contains("<tbody id=\"offers\"><tr><td class=\"muted\" colspan=\"9\">not loaded yet</td></tr>")
                    .contains("<div id=\"campaigns\"><span class=\"muted\">not loaded yet</span></div>")
                    .doesNotContain("<form id=\"key-form\" hidden");

            String wrongKey = chromiumAt(page + "#key=not-the-key-0123456789", "--dump-dom");
            assertThat(wrongKey).contains("that key was refused").contains("<b id=\"revenue\">–</b>");
        } finally {
            keyed.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
        testContext.completeNow();
    }
}
