package io.rapport.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.rapport.kafka.JobGroups;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The API watches the lag of the groups in {@link JobGroups}; they must be the jobs' own. */
class JobGroupsTest {
    @Test
    void everyJobReadsEventsAsTheGroupTheApiWatches() throws Exception {
        assertThat(JobGroups.BY_JOB.keySet()).containsExactlyInAnyOrderElementsOf(JobMain.JOBS.keySet());
        for (Map.Entry<String, String> job : JobMain.JOBS.entrySet()) {
            Object groupId = Class.forName(job.getValue()).getField("GROUP_ID").get(null);
            assertThat(groupId).as(job.getKey()).isEqualTo(JobGroups.BY_JOB.get(job.getKey()));
        }
    }
}
