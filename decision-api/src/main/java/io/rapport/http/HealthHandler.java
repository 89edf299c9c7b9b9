package io.rapport.http;

import io.rapport.lag.JobLagMonitor;
import io.rapport.lag.StreamJobStates;
import io.rapport.store.Views;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /health/live} (the process answers) and {@code GET /health/ready} (200 once the views
 * have caught up with Kafka, else 503 {@code catching_up}). Readiness reports the lag and when it
 * was last measured, so a stale state (the stream side or Kafka is down) is visible while the API
 * keeps answering from it. It also reports each stream job's consumer-group lag on {@code events}
 * and {@code "lagging": true} once a job has stayed behind for longer than allowed (a stopped or
 * failing job while Kafka is up); readiness stays 200 then too, as answers are still served. Where
 * the process runs the jobs itself (the embedded stack) it reports their states: readiness then gives
 * {@code streamJobs} and {@code "streamDown": true} while one has ended or has been restarting for
 * {@link StreamJobStates#DOWN_AFTER_MILLIS}, which the lag cannot show while no events arrive.
 */
public final class HealthHandler {
    private final Views views;
    private final JobLagMonitor jobLag;
    private final StreamJobStates streamJobs;
    private final Clock clock;

    public HealthHandler(Views views, JobLagMonitor jobLag, StreamJobStates streamJobs, Clock clock) {
        this.views = views;
        this.jobLag = jobLag;
        this.streamJobs = streamJobs;
        this.clock = clock;
    }

    /** Kafka has not answered a lag check for this long: the views are stale (answers still served). */
    public static final long DEGRADED_AFTER_MILLIS = 10_000;

    /**
     * Whether the views are stale: they were ready once, and the last lag measurement is older than
     * {@link #DEGRADED_AFTER_MILLIS} (the consumer cannot reach Kafka).
     */
    public static boolean degraded(Views views, long nowMillis) {
        long lastCheck = views.progress().lastCheckMillis();
        return lastCheck != 0 && nowMillis - lastCheck > DEGRADED_AFTER_MILLIS;
    }

    public void live(RoutingContext ctx) {
        Responses.json(ctx, 200, Map.of("status", "up"));
    }

    public void ready(RoutingContext ctx) {
        boolean ready = views.progress().ready();
        long lastCheck = views.progress().lastCheckMillis();
        Map<String, Object> body = new LinkedHashMap<>();
        String held = views.progress().held();
        body.put("status", ready ? "ready" : held != null ? held : "catching_up");
        body.put("lag", views.progress().lag());
        body.put(
                "lagCheckedAt",
                lastCheck == 0 ? null : Instant.ofEpochMilli(lastCheck).toString());
        body.put("lagCheckAgeSeconds", lastCheck == 0 ? null : (clock.millis() - lastCheck) / 1000);
        body.put("items", views.items().size());
        body.put("customers", views.customers().size());
        body.put("degraded", degraded(views, clock.millis()));
        body.put("lagging", jobLag.anyLagging(clock.millis()));
        body.put("jobs", jobLag.details(clock.millis()));
        if (streamJobs.reported()) {
            Map<String, Object> states = new LinkedHashMap<>();
            streamJobs
                    .states()
                    .forEach((job, s) -> states.put(
                            job,
                            Map.of(
                                    "state",
                                    s.state(),
                                    "since",
                                    Instant.ofEpochMilli(s.sinceMillis()).toString())));
            body.put("streamJobs", states);
            body.put("streamDown", streamJobs.down(clock.millis()));
        }
        Responses.json(ctx, ready ? 200 : 503, body);
    }
}
