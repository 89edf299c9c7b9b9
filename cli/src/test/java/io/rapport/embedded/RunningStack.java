package io.rapport.embedded;

import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The in-process stack of one end-to-end test (KRaft broker, the jobs on a local Flink cluster, the
 * API) with the client that talks to it: started on a data directory, ready when
 * {@code /health/ready} says so, closed by the test's after-hook, restartable on the same directory.
 */
final class RunningStack implements AutoCloseable {
    private final int parallelism;
    private final Duration converge;
    private final StackClient client;
    private EmbeddedStack stack;

    /**
     * @param parallelism of the Flink jobs (the events topic has two partitions)
     * @param converge how long the stack may take to become ready
     */
    RunningStack(int parallelism, Duration converge) {
        this.parallelism = parallelism;
        this.converge = converge;
        this.client = new StackClient(() -> stack().apiUrl());
    }

    /** Starts the stack on {@code dataDir} (again, after {@link #close}) and waits until it is ready. */
    EmbeddedStack start(Path dataDir) {
        stack = EmbeddedStack.start(new StackConfig(dataDir, 0, Ports.free(), parallelism, 2));
        await().atMost(converge).until(() -> client.get("/health/ready").statusCode() == 200);
        return stack;
    }

    /** The running stack. */
    EmbeddedStack stack() {
        if (stack == null) {
            throw new IllegalStateException("the stack is not running");
        }
        return stack;
    }

    /** The client of the running stack's API; it follows the API across restarts. */
    StackClient client() {
        return client;
    }

    /** Stops the stack if it runs; the data directory stays for a restart. */
    @Override
    public void close() {
        if (stack != null) {
            stack.close();
            stack = null;
        }
    }
}
