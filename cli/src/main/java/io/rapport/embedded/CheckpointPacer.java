package io.rapport.embedded;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * When the embedded job checkpoints: once it has done work since its last checkpoint began and a
 * pause has passed since that checkpoint ended — {@value #DUTY} times the checkpoint's duration, at
 * least {@link #MIN_PAUSE} and at most {@link #MAX_PAUSE} — and never while it is idle, but for one
 * checkpoint {@link #MIN_PAUSE} after the start.
 *
 * <p>The embedded state backend writes the whole state at every checkpoint. At a fixed 5 s interval
 * a large state made that the stack's main work: on a 40,000-item catalogue (221 MB of state) an
 * idle stack spent 0.59 of a core writing the same 221 MB every 5 s. Paced, an idle job writes
 * nothing, and a busy one spends about a tenth of its time on checkpoints while they take under 2 s
 * (more beyond: the pause stops growing at {@link #MAX_PAUSE}, so that the offsets it commits, which
 * readiness reads as the jobs' lag, still move within {@code RAPPORT_JOB_LAG_SECONDS}). A small
 * state is checkpointed every 5 s while it changes, as before. Flink's own periodic checkpoints stay
 * on, at {@link EmbeddedFlink#BACKSTOP_INTERVAL}, in case the pacer stopped.
 *
 * <p>{@link #tick} is called every {@link #TICK}; the work done is read from a counter that moves
 * with every record any of the job's operators takes in or puts out (a timer's flush too). A failed
 * checkpoint is tried again after the pause. A due checkpoint waits while any of the job's tasks is
 * not running (still deploying, or restoring its state after a start or a restart): Flink refuses
 * it then and counts it failed — 17 such on one restoring start of that catalogue, one every 5 s
 * while its 221 MB were read back.
 */
final class CheckpointPacer {
    static final Duration MIN_PAUSE = Duration.ofSeconds(5);
    static final Duration MAX_PAUSE = Duration.ofSeconds(20);
    static final int DUTY = 10;
    static final Duration TICK = Duration.ofMillis(500);
    /** The work figure "before any checkpoint": never equal to a real one. */
    private static final long NONE = Long.MIN_VALUE;

    private final LongSupplier work;
    private final BooleanSupplier running;
    private final Supplier<CompletableFuture<?>> checkpoint;
    private final LongSupplier clock;

    private long workAtLastCheckpoint;
    private long lastEnded;
    private long pause = MIN_PAUSE.toMillis();
    private CompletableFuture<?> inFlight;
    private long triggered;

    /**
     * @param work a figure that changes whenever the job does work (records in and out, summed)
     * @param running whether every task of the job runs; asked only when a checkpoint is otherwise due
     * @param checkpoint triggers a checkpoint; the future completes when it completes or fails
     * @param clock milliseconds; the pause before the first checkpoint, due whatever the work, counts
     *     from now
     */
    CheckpointPacer(
            LongSupplier work, BooleanSupplier running, Supplier<CompletableFuture<?>> checkpoint, LongSupplier clock) {
        this.work = work;
        this.running = running;
        this.checkpoint = checkpoint;
        this.clock = clock;
        // One checkpoint is due after the start, work or not: the state's size and the checkpoint's
        // age reach /metrics, and a restored job's state is checkpointed in this version's form.
        this.workAtLastCheckpoint = NONE;
        this.lastEnded = clock.getAsLong();
    }

    /** Triggers a checkpoint when one is due. */
    synchronized void tick() {
        if (inFlight != null) {
            return;
        }
        long now = clock.getAsLong();
        long seen = work.getAsLong();
        if (seen == workAtLastCheckpoint || now - lastEnded < pause || !running.getAsBoolean()) {
            return;
        }
        // Work from here on is after the checkpoint's barriers: it makes the next one due.
        workAtLastCheckpoint = seen;
        triggered++;
        CompletableFuture<?> started;
        try {
            started = checkpoint.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        inFlight = started;
        CompletableFuture<?> mine = started;
        // may run at once, in this call, when the trigger failed at once
        started.whenComplete((id, failure) -> ended(mine, now, failure));
    }

    private synchronized void ended(CompletableFuture<?> which, long startedAt, Throwable failure) {
        if (inFlight != which) {
            return;
        }
        inFlight = null;
        long now = clock.getAsLong();
        lastEnded = now;
        if (failure != null) {
            // The work it was to keep is not kept: the next tick after the pause tries again.
            workAtLastCheckpoint = NONE;
            return;
        }
        long took = Math.max(0, now - startedAt);
        pause = Math.min(MAX_PAUSE.toMillis(), Math.max(MIN_PAUSE.toMillis(), DUTY * took));
    }

    /** The pause after the last checkpoint, milliseconds. */
    synchronized long pause() {
        return pause;
    }

    /** Checkpoints triggered so far. */
    synchronized long triggered() {
        return triggered;
    }
}
