package io.rapport.campaign;

import io.rapport.ingest.RecordPublisher;
import io.rapport.kafka.Json;
import io.rapport.kafka.Topics;
import io.rapport.store.KpiView;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * Replaces the campaign set and reports a campaign's plan against its actuals. A new set is written
 * to the {@code campaigns} topic and, once Kafka acknowledged it, applied to this instance's {@link
 * CampaignView}, so that the next request sees it (other instances when their consumer reads it).
 * Reports come from the {@link KpiView}'s panes on the KPI stream's clock ({@link CampaignReports}).
 */
public final class CampaignService {
    private final CampaignView view;
    private final KpiView kpis;
    private final RecordPublisher publisher;
    private final Clock clock;

    public CampaignService(CampaignView view, KpiView kpis, RecordPublisher publisher, Clock clock) {
        this.view = view;
        this.kpis = kpis;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** Replaces the whole set; completes with it once written and applied. */
    public Future<CampaignSet> replace(List<Campaign> campaigns) {
        CampaignSet set = new CampaignSet(campaigns, view.nextUpdatedAt(clock));
        return publisher
                .publish(Topics.CAMPAIGNS, CampaignSet.KEY, Json.encode(set))
                .map(written -> {
                    view.replace(set);
                    return set;
                });
    }

    public List<Campaign> campaigns() {
        return view.current().campaigns();
    }

    /** The report of a campaign, empty for an unknown id; sums up to a few hundred panes (call off the event loop). */
    public Optional<CampaignReport> report(String campaignId) {
        return view.current().find(campaignId).map(c -> CampaignReports.report(c, kpis.end(), kpis));
    }
}
