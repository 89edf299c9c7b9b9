package io.rapport.embedded;

import io.rapport.jobs.copurchase.CoPurchaseJob;
import io.rapport.jobs.copurchase.CoPurchaseSettings;
import io.rapport.jobs.kpi.KpiJob;
import io.rapport.jobs.kpi.KpiSettings;
import io.rapport.jobs.offer.MarketingTriggersJob;
import io.rapport.jobs.offer.OfferCountersJob;
import io.rapport.jobs.offer.OfferJobSettings;
import io.rapport.jobs.profile.ProfileJob;
import io.rapport.jobs.profile.ProfileSettings;
import io.rapport.offer.ContactCaps;
import java.util.function.Consumer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Every Rapport stream job, wired on Kafka into one Flink environment: the embedded default runs
 * them as one Flink job (one checkpoint, one savepoint). Each job keeps its own consumer group and
 * operator uids, so on a cluster they can equally run as separate jobs.
 */
final class RapportJobs {
    private RapportJobs() {}

    static Consumer<StreamExecutionEnvironment> onKafka(String bootstrapServers) {
        return env -> {
            CoPurchaseJob.forKafka(bootstrapServers, CoPurchaseSettings.DEFAULTS).build(env);
            ProfileJob.forKafka(bootstrapServers, ProfileSettings.DEFAULTS).build(env);
            KpiJob.forKafka(bootstrapServers, KpiSettings.DEFAULTS).build(env);
            OfferCountersJob.forKafka(bootstrapServers, OfferJobSettings.DEFAULTS).build(env);
            MarketingTriggersJob.forKafka(bootstrapServers, OfferJobSettings.DEFAULTS, ContactCaps.DEFAULTS).build(env);
        };
    }
}
