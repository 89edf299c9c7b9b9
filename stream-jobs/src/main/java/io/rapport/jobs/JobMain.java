package io.rapport.jobs;

import io.rapport.jobs.copurchase.CoPurchaseJob;
import io.rapport.jobs.coview.CoViewJob;
import io.rapport.jobs.kpi.KpiJob;
import io.rapport.jobs.kpi.KpiSettings;
import io.rapport.jobs.offer.MarketingTriggersJob;
import io.rapport.jobs.offer.OfferCountersJob;
import io.rapport.jobs.offer.OfferJobSettings;
import io.rapport.jobs.profile.ProfileJob;
import io.rapport.jobs.profile.ProfileSettings;
import io.rapport.offer.ContactCaps;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.ParameterTool;

/**
 * The one entry point of the shaded job jar on a Flink cluster: {@code JobMain <job> --bootstrap
 * kafka:9092}, where {@code <job>} is one of {@link #JOBS} or {@code all}.
 *
 * <p>A named job runs that job's own {@code main} with the remaining arguments, so a deployment that
 * submits each job separately (a session cluster, one {@code FlinkDeployment} per job) gets exactly
 * what the job class defines. {@code all} wires every job into one environment and executes them as
 * one Flink job: Flink's application mode with high availability runs a single job per application,
 * and one application for the whole pipeline is the smallest deployment. The jobs' operator uids are
 * prefixed by job ({@code copurchase-*}, {@code profile-*}, {@code coview-*}, {@code kpis-*}, {@code offers-*}), so they
 * stay unique in the combined graph and state restores into either form job by job.
 */
public final class JobMain {
    /** The jobs by the name a deployment uses for them, in the order {@code all} wires them. */
    public static final Map<String, String> JOBS = jobs();

    private JobMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            usage("the first argument names the job");
        }
        String job = args[0];
        String[] rest = Arrays.copyOfRange(args, 1, args.length);
        switch (job) {
            case "copurchase" -> CoPurchaseJob.main(rest);
            case "profiles" -> ProfileJob.main(rest);
            case "coview" -> CoViewJob.main(rest);
            case "kpis" -> KpiJob.main(rest);
            case "offer-counters" -> OfferCountersJob.main(rest);
            case "marketing-triggers" -> MarketingTriggersJob.main(rest);
            case "all" -> runAll(ParameterTool.fromArgs(rest));
            default -> usage("unknown job " + job);
        }
    }

    private static void runAll(ParameterTool params) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        wireAll(env, params.getRequired("bootstrap"), params);
        env.execute("rapport-all");
    }

    /**
     * Adds every job, on Kafka at {@code bootstrapServers} with default settings, to {@code env}:
     * the combined pipeline that {@code all} runs on a cluster and the embedded launcher runs locally.
     */
    public static void wireAll(StreamExecutionEnvironment env, String bootstrapServers) {
        wireAll(env, bootstrapServers, ParameterTool.fromMap(Map.of()));
    }

    /**
     * Adds every job to {@code env} as {@link #wireAll(StreamExecutionEnvironment, String)} does, with
     * the job options the individual jobs' {@code main}s take ({@link CoPurchaseJob#settings}, {@link
     * CoViewJob#settings}); an option a job does not know is ignored by it. The contact caps of the
     * marketing-triggers job come from this process's environment ({@link ContactCaps#fromEnvironment}).
     */
    public static void wireAll(StreamExecutionEnvironment env, String bootstrapServers, ParameterTool options) {
        CoPurchaseJob.forKafka(bootstrapServers, CoPurchaseJob.settings(options))
                .build(env);
        ProfileJob.forKafka(bootstrapServers, ProfileSettings.DEFAULTS).build(env);
        CoViewJob.forKafka(bootstrapServers, CoViewJob.settings(options)).build(env);
        KpiJob.forKafka(bootstrapServers, KpiSettings.DEFAULTS).build(env);
        OfferCountersJob.forKafka(bootstrapServers, OfferJobSettings.DEFAULTS).build(env);
        MarketingTriggersJob.forKafka(
                        bootstrapServers, OfferJobSettings.DEFAULTS, ContactCaps.fromEnvironment(System.getenv()))
                .build(env);
    }

    private static Map<String, String> jobs() {
        Map<String, String> jobs = new LinkedHashMap<>();
        jobs.put("copurchase", CoPurchaseJob.class.getName());
        jobs.put("profiles", ProfileJob.class.getName());
        jobs.put("coview", CoViewJob.class.getName());
        jobs.put("kpis", KpiJob.class.getName());
        jobs.put("offer-counters", OfferCountersJob.class.getName());
        jobs.put("marketing-triggers", MarketingTriggersJob.class.getName());
        return Collections.unmodifiableMap(jobs);
    }

    private static void usage(String problem) {
        throw new IllegalArgumentException(
                problem + "; usage: JobMain <" + String.join("|", JOBS.keySet()) + "|all> --bootstrap host:9092");
    }
}
