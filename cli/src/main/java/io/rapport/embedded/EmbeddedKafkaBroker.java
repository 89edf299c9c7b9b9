package io.rapport.embedded;

import io.rapport.kafka.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real, single-node Apache Kafka broker in KRaft mode (broker and controller in one process),
 * started in this JVM from the Kafka jars. Its log directory lives under the data directory, so
 * topics and offsets survive a restart with the same directory; the cluster id is kept beside it.
 *
 * <p>This is the embedded default's broker, not a fake: clients talk to it over TCP on
 * {@link #bootstrapServers()} exactly as they would to a cluster.
 *
 * <p>{@link #stop()} and {@link #restart()} stop and start it again on the same port and log
 * directory while its clients keep running, as a broker restart on a cluster would look to them.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final Path dataDir;
    private final int port;
    /** The running server; null while stopped. */
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /**
     * Formats the log directory on first use and starts the broker.
     *
     * @param dataDir where the broker keeps its logs ({@code dataDir/kafka})
     * @param port the client port; the controller listens on a second free port
     */
    public static EmbeddedKafkaBroker start(Path dataDir, int port) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, port);
        broker.startServer();
        return broker;
    }

    private void startServer() {
        try {
            Path logDir = dataDir.resolve("kafka");
            Files.createDirectories(logDir);
            int controllerPort = Ports.free();
            Properties props = properties(logDir, port, controllerPort);
            Path propsFile = dataDir.resolve("kafka-server.properties");
            try (var out = Files.newOutputStream(propsFile)) {
                props.store(out, "written by rapport up; regenerated at every start");
            }
            format(dataDir, propsFile);
            KafkaRaftServer started = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
            started.startup();
            server = started;
            LOG.info("Kafka broker (KRaft) listening on localhost:{}, logs in {}", port, logDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties properties(Path logDir, int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", "1");
        p.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        p.put("num.partitions", "2");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        // Topics created by an older build keep the broker default: let it take an event of a 1 MiB body too.
        p.put("message.max.bytes", String.valueOf(Topics.MAX_RECORD_BYTES));
        // A restart on the same directory otherwise waits ~13 s for the old registration to expire.
        p.put("broker.session.timeout.ms", "3000");
        p.put("broker.heartbeat.interval.ms", "500");
        return p;
    }

    private static void format(Path dataDir, Path propsFile) throws IOException {
        Path idFile = dataDir.resolve("kafka-cluster-id");
        if (!Files.exists(idFile)) {
            Files.writeString(idFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(idFile).trim();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = StorageTool.execute(
                new String[] {
                    "format", "--cluster-id", clusterId, "--config", propsFile.toString(), "--ignore-formatted"
                },
                new PrintStream(out, true, StandardCharsets.UTF_8));
        if (rc != 0) {
            throw new IllegalStateException("formatting the Kafka log directory failed: " + out);
        }
    }

    public String bootstrapServers() {
        return "localhost:" + port;
    }

    public int port() {
        return port;
    }

    /** Stops the broker (a controlled shutdown); its clients see it gone until {@link #restart()}. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("Kafka broker stopped");
        }
    }

    /** Starts the broker again on the same port and log directory; returns once it is running. */
    public synchronized void restart() {
        stop();
        startServer();
    }

    @Override
    public void close() {
        stop();
    }
}
