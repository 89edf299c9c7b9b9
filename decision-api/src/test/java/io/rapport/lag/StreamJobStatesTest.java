package io.rapport.lag;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.testing.ApiTestBase;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.Test;

/** A stream job the process runs itself is down once it ended, or after 10 s of restarting. */
class StreamJobStatesTest extends ApiTestBase {
    private static final long T = 1_800_000_000_000L;

    @Test
    void anEndedJobIsDownAtOnce_aRestartingOneAfterTenSeconds_aRunningOneNever() {
        StreamJobStates states = new StreamJobStates();
        assertThat(states.reported()).isFalse();
        assertThat(states.down(T)).isFalse();

        states.report("rapport", "RUNNING", T);
        assertThat(states.down(T + 3_600_000)).isFalse();
        states.report("rapport", "RESTARTING", T + 1_000);
        assertThat(states.down(T + 10_999)).as("a restart takes 1-10 s").isFalse();
        states.report("rapport", "RESTARTING", T + 5_000);
        assertThat(states.states().get("rapport").sinceMillis())
                .as("since it began")
                .isEqualTo(T + 1_000);
        assertThat(states.down(T + 11_000)).isTrue();
        states.report("rapport", "RUNNING", T + 12_000);
        assertThat(states.down(T + 12_000)).isFalse();
        states.report("rapport", "CANCELED", T + 13_000);
        assertThat(states.down(T + 13_000)).isTrue();
    }

    @Test
    void readinessAndMetrics_sayTheStreamSideIsDown_whileAnswersGoOn(VertxTestContext ctx) {
        views.progress().report(0, true, System.currentTimeMillis());
        api.streamJobs().report("rapport", "CANCELED", System.currentTimeMillis());
        checkReadinessThenMetrics(
                ctx,
                ready -> {
                    JsonObject body = ready.bodyAsJsonObject();
                    assertThat(ready.statusCode()).isEqualTo(200);
                    assertThat(body.getBoolean("streamDown")).isTrue();
                    assertThat(body.getJsonObject("streamJobs")
                                    .getJsonObject("rapport")
                                    .getString("state"))
                            .isEqualTo("CANCELED");
                },
                metrics -> assertThat(metrics).contains("rapport_stream_down 1.0"));
    }

    @Test
    void whereNobodyReportsTheJobs_readinessLeavesThemOut(VertxTestContext ctx) {
        checkReadinessThenMetrics(
                ctx,
                ready -> assertThat(ready.bodyAsJsonObject().containsKey("streamDown"))
                        .isFalse(),
                metrics -> assertThat(metrics).contains("rapport_stream_down NaN"));
    }
}
