package io.rapport.jobs.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.campaign.Campaign;
import io.rapport.campaign.CampaignReport;
import io.rapport.campaign.CampaignReports;
import io.rapport.kpi.KpiReport;
import io.rapport.kpi.KpiRollup;
import io.rapport.kpi.PaneSize;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Windows and campaigns longer than the minute panes are kept: the job's three stages in harnesses
 * over 100 days of event time, the windows rolled up as the API does ({@link KpiRollup#window},
 * {@link CampaignReports}), each figure checked against a count by hand. And the state the job
 * keeps for this stops growing however long a customer keeps buying.
 */
class KpiLongWindowsTest extends KpiTestBase {
    /** The end of every window below: the clock is the end of the newest minute pane, a minute before. */
    private static final Instant END = Instant.parse("2026-06-01T00:00:00Z");

    private KpiPipelineHarness job;

    @BeforeEach
    void open() throws Exception {
        job = new KpiPipelineHarness();
    }

    @AfterEach
    void close() throws Exception {
        job.close();
    }

    private static Instant daysBefore(double days) {
        return END.minusSeconds(Math.round(days * 86_400));
    }

    private static String buy(String customer, double daysBefore, double price) {
        Instant at = daysBefore(daysBefore);
        String id = customer + "-" + at;
        return purchase("p-" + id, customer, at, "o-" + id, price, "i-1");
    }

    /**
     * Purchases in time order, except two that arrive late (f's at −9 d after its −8 d one, g's at
     * −55 d after its −20 d one), and a campaign's offer events.
     */
    private static List<String> history() {
        List<String> events = new ArrayList<>();
        events.add(buy("h", 100, 10));
        events.add(buy("h", 95, 10));
        events.add(buy("c", 70, 10));
        events.add(buy("a", 50, 10));
        events.add(buy("b", 45, 10));
        events.add(buy("b", 40, 10));
        events.add(buy("d", 35, 10));
        events.add(impression("x-1", "c", daysBefore(31), "spring", false)); // before the campaign
        events.add(impression("x-2", "d", daysBefore(29), "spring", true)); // held out: control group
        events.add(buy("g", 20, 10));
        events.add(buy("g", 55, 10)); // late by 35 days: only its day pane is still kept
        events.add(impression("x-3", "a", daysBefore(12), "spring", false));
        events.add(buy("e", 12, 10));
        events.add(redeem("x-4", "a", daysBefore(11), "spring"));
        events.add(buy("a", 10, 20)); // converts a, 6 days after the impression
        events.add(buy("f", 8, 10));
        events.add(buy("f", 9, 10)); // late by a day
        events.add(buy("c", 5, 10)); // c was first exposed 26 days ago: outside the conversion window
        events.add(impression("x-5", "b", daysBefore(3), "spring", false));
        events.add(buy("e", 3, 10));
        events.add(buy("b", 2, 7.5)); // converts b
        events.add(impression("x-6", "b", daysBefore(1), "spring", false));
        events.add(buy("b", 1, 10));
        events.add(buy("f", 0.25, 10));
        events.add(impression("x-7", "e", END.minusSeconds(90 * 60), "spring", false));
        events.add(view("v-1", "z", END.minusSeconds(60), "i-1")); // the clock: END
        return events;
    }

    private KpiReport window(String name, Duration length) {
        return KpiRollup.window(name, length, job.clock(), job.lookup());
    }

    @Test
    void thirtyDayWindow_fromDayPanes_hasExactRetentionAndCounts() throws Exception {
        job.send(history());

        KpiReport r = window("30d", Duration.ofDays(30));

        assertThat(r.from()).isEqualTo(END.minus(Duration.ofDays(30)).toString());
        assertThat(r.to()).isEqualTo(END.toString());
        // bought in [−60 d, −30 d): a, b, d, g (its −55 d purchase arrived late); again since: a, b, g
        assertThat(r.retention()).isEqualTo(new KpiReport.Retention(4L, 3L, 0.75));
        assertThat(r.funnel().purchases()).isEqualTo(10);
        assertThat(r.orders()).isEqualTo(10);
        assertThat(r.revenue()).isEqualTo(107.5);
        KpiReport.OfferKpis spring = r.offers().get("spring");
        assertThat(spring.impressions()).isEqualTo(4);
        assertThat(spring.redemptions()).isEqualTo(1);
        assertThat(spring.treated()).isEqualTo(new KpiReport.Group(3, 2)); // a, b, e; a and b bought after
        assertThat(spring.holdout()).isEqualTo(new KpiReport.Group(1, 0)); // d
    }

    @Test
    void sevenDayWindow_fromHourPanes_andOneDayWindow_fromMinutePanes_haveExactRetention() throws Exception {
        job.send(history());

        KpiReport week = window("7d", Duration.ofDays(7));
        KpiReport day = window("24h", Duration.ofHours(24));

        assertThat(week.to()).isEqualTo(END.toString());
        // bought in [−14 d, −7 d): a, e, f (f's −9 d purchase arrived after its −8 d one); again since: e, f
        assertThat(week.retention()).isEqualTo(new KpiReport.Retention(3L, 2L, 2 / 3.0));
        assertThat(week.funnel().purchases()).isEqualTo(5); // c −5, e −3, b −2, b −1, f −0.25
        // bought in [−2 d, −1 d): b; again since: b
        assertThat(day.retention()).isEqualTo(new KpiReport.Retention(1L, 1L, 1.0));
        assertThat(day.funnel().purchases()).isEqualTo(2);
        assertThat(day.events()).containsEntry("view", 1L);
    }

    @Test
    void thirtyDayCampaign_isCompleteAndExact() throws Exception {
        job.send(history());
        Campaign spring = new Campaign(
                "spring-month",
                "Spring",
                List.of("spring"),
                END.minus(Duration.ofDays(30)).toString(),
                END.plus(Duration.ofDays(1)).toString(),
                new Campaign.Plan(10, 2, 50));

        CampaignReport r = CampaignReports.report(spring, job.clock(), job.lookup());

        assertThat(r.asOf()).isEqualTo(END.toString());
        assertThat(r.complete()).isTrue();
        // impressions of a, b (twice) and e; a's redemption; the purchases converting a (20) and b (7.5)
        assertThat(r.actual()).isEqualTo(new Campaign.Plan(4, 1, 27.5));
        assertThat(r.elapsed()).isEqualTo(30 / 31.0);
    }

    @Test
    void stateStopsGrowing_forACustomerWhoBuysEverySixHoursFor900Days() throws Exception {
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        int[] paneEntries = new int[3];
        int[] checkpoints = {500, 700, 900};
        int purchase = 0;
        for (int i = 0; i < checkpoints.length; i++) {
            List<String> batch = new ArrayList<>();
            for (; purchase < checkpoints[i] * 4; purchase++) {
                Instant at = start.plusSeconds(6L * 3600 * purchase);
                batch.add(purchase("e-" + purchase, "c-1", at, "o-" + purchase, 1, "i-1"));
            }
            job.send(batch);
            paneEntries[i] = job.paneStateEntries();
        }

        // the panes kept: 3 days of minutes, 15 days of hours, 400 days, at 4 purchases a day
        assertThat(paneEntries[1]).isEqualTo(paneEntries[0]).isEqualTo(paneEntries[2]);
        // the purchase panes remembered: retention + twice the longest window of the size, in event time
        assertThat(job.purchasePanes("c-1", PaneSize.MINUTE)).isBetween(4 * 5, 4 * 5 + 1);
        assertThat(job.purchasePanes("c-1", PaneSize.HOUR)).isBetween(4 * 29, 4 * 29 + 1);
        assertThat(job.purchasePanes("c-1", PaneSize.DAY)).isBetween(760, 762); // pruned at the day's first purchase
        // what an erase takes back, 5 counts a pane (event, purchases, orders, revenue, buyer): the minute panes
        // of 3 days (12); the buyers of 15 days of hour panes (60) and of 400 day panes, the other 4 counts of
        // hours and days older than the minute panes (48 and 397 panes), the newer ones rolled up at the erase
        assertThat(job.contributions("c-1"))
                .isBetween(5 * 12 + 60 + 4 * 48 + 400 + 4 * 397 - 10, 5 * 12 + 60 + 4 * 48 + 400 + 4 * 397 + 10);
    }
}
