package io.rapport.jobs.testing;

import io.rapport.jobs.kafka.TopicRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * A sink for MiniCluster tests that keeps what it receives in memory of the test JVM. The sink
 * itself is serialized into the job, so records go to a static registry under the sink's id. Records
 * of one key arrive from one subtask, so their order in {@link #records()} is the order written.
 */
public final class CollectingSink implements Sink<TopicRecord> {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Queue<TopicRecord>> RECEIVED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    public CollectingSink() {
        RECEIVED.put(id, new ConcurrentLinkedQueue<>());
    }

    @Override
    public SinkWriter<TopicRecord> createWriter(WriterInitContext context) {
        Queue<TopicRecord> queue = RECEIVED.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(TopicRecord record, Context ctx) {
                queue.add(record);
            }

            @Override
            public void flush(boolean endOfInput) {}

            @Override
            public void close() {}
        };
    }

    /** Everything received so far. */
    public List<TopicRecord> records() {
        return new ArrayList<>(RECEIVED.get(id));
    }

    /** The last record received per key: what a compacted topic would keep. */
    public Map<String, TopicRecord> latestByKey() {
        Map<String, TopicRecord> latest = new LinkedHashMap<>();
        for (TopicRecord r : RECEIVED.get(id)) {
            latest.put(r.key, r);
        }
        return latest;
    }
}
