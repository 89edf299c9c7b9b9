package io.rapport.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start of {@code ./rapport up} restores the newest snapshot and removes the older ones, laid out
 * as Flink writes them: {@code checkpoints/<job id>/chk-N/_metadata} beside the job's {@code shared}
 * and {@code taskowned} directories, and {@code savepoints/savepoint-…/_metadata}.
 */
class SnapshotPruningTest {
    @TempDir
    Path flink;

    @Test
    void everySnapshotButTheNewest_isRemoved_wholeRunDirectoriesIncluded() throws IOException {
        Path checkpoints = flink.resolve("checkpoints");
        Path savepoints = flink.resolve("savepoints");
        snapshot(checkpoints.resolve("0a").resolve("chk-7"), 1_000); // a run killed with -9
        Files.createDirectories(checkpoints.resolve("0a").resolve("shared"));
        snapshot(savepoints.resolve("savepoint-0a-1"), 2_000); // a clean stop
        snapshot(checkpoints.resolve("1b").resolve("chk-3"), 3_000); // the next run, killed with -9
        snapshot(checkpoints.resolve("1b").resolve("chk-4"), 4_000);
        Files.createDirectories(checkpoints.resolve("1b").resolve("taskowned"));
        Files.createDirectories(checkpoints.resolve("2c").resolve("shared")); // a run that checkpointed nothing

        Path newest = EmbeddedFlink.latestSnapshot(checkpoints, savepoints).orElseThrow();
        assertThat(newest).isEqualTo(checkpoints.resolve("1b").resolve("chk-4"));
        EmbeddedFlink.pruneSnapshots(newest, checkpoints, savepoints);

        assertThat(children(checkpoints)).containsExactly(checkpoints.resolve("1b"));
        assertThat(children(checkpoints.resolve("1b")))
                .as("the restored run's directory stays whole: Flink keeps its own latest checkpoints")
                .containsExactlyInAnyOrder(
                        checkpoints.resolve("1b").resolve("chk-3"),
                        checkpoints.resolve("1b").resolve("chk-4"),
                        checkpoints.resolve("1b").resolve("taskowned"));
        assertThat(children(savepoints)).isEmpty();
        assertThat(EmbeddedFlink.latestSnapshot(checkpoints, savepoints)).contains(newest);
    }

    @Test
    void aSavepointRestoredFrom_staysAndEveryCheckpointDirectoryGoes() throws IOException {
        Path checkpoints = flink.resolve("checkpoints");
        Path savepoints = flink.resolve("savepoints");
        snapshot(checkpoints.resolve("0a").resolve("chk-9"), 1_000);
        snapshot(savepoints.resolve("savepoint-0a-1"), 2_000);
        snapshot(savepoints.resolve("savepoint-1b-2"), 3_000);

        Path newest = EmbeddedFlink.latestSnapshot(checkpoints, savepoints).orElseThrow();
        EmbeddedFlink.pruneSnapshots(newest, checkpoints, savepoints);

        assertThat(children(checkpoints)).isEmpty();
        assertThat(children(savepoints)).containsExactly(savepoints.resolve("savepoint-1b-2"));
        assertThat(Files.readString(newest.resolve("_metadata"))).isEqualTo("state");
    }

    @Test
    void withNothingToRestore_leftoverRunDirectoriesGo_andMissingRootsAreFine() throws IOException {
        Path checkpoints = flink.resolve("checkpoints");
        Files.createDirectories(checkpoints.resolve("0a").resolve("shared"));

        EmbeddedFlink.pruneSnapshots(null, checkpoints, flink.resolve("savepoints"));

        assertThat(children(checkpoints)).isEmpty();
        assertThat(flink.resolve("savepoints")).doesNotExist();
    }

    private static void snapshot(Path dir, long modifiedMillis) throws IOException {
        Files.createDirectories(dir);
        Path metadata = Files.writeString(dir.resolve("_metadata"), "state");
        Files.writeString(dir.resolve("operator-state"), "x".repeat(100));
        Files.setLastModifiedTime(metadata, FileTime.fromMillis(modifiedMillis));
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.toList();
        }
    }
}
