#!/bin/sh
# Creates Rapport's topics on the Compose Kafka cluster (run once by the kafka-init service; safe to
# re-run: existing topics are left alone). One line per topic, as `topic NAME PARTITIONS REPLICAS
# CONFIG...`; the list matches io.rapport.kafka.Topics and deploy/k8s/base/topics.yaml, which
# deploy's TopicManifestsTest checks.
set -eu
BOOTSTRAP="${BOOTSTRAP:-kafka-1:9092,kafka-2:9092,kafka-3:9092}"
KAFKA_TOPICS=/opt/kafka/bin/kafka-topics.sh

topic() {
  name="$1"; partitions="$2"; replicas="$3"; shift 3
  configs=""
  for c in "$@"; do configs="$configs --config $c"; done
  # shellcheck disable=SC2086
  "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$replicas" $configs
}

# The event log is the source of truth: kept forever, so the jobs can rebuild their state from it.
# events, events-dlq, offers and campaigns take records of up to 2 MiB (Topics.MAX_RECORD_BYTES): one
# event of a 1 MiB body, or a whole offer catalogue, is larger than Kafka's default of about 1 MiB.
topic events          12 3 retention.ms=-1 min.insync.replicas=2 max.message.bytes=2097152
topic events-dlq       3 3 retention.ms=604800000 min.insync.replicas=2 max.message.bytes=2097152
topic actions          6 3 retention.ms=604800000 min.insync.replicas=2
# Upsert topics the API reads into its views: compacted, one record per key survives.
topic items           12 3 cleanup.policy=compact min.insync.replicas=2
topic customer-items  12 3 cleanup.policy=compact min.insync.replicas=2
topic co-views        12 3 cleanup.policy=compact min.insync.replicas=2
topic totals           1 3 cleanup.policy=compact min.insync.replicas=2
topic profiles        12 3 cleanup.policy=compact min.insync.replicas=2
topic offers           1 3 cleanup.policy=compact min.insync.replicas=2 max.message.bytes=2097152
topic catalog         12 3 cleanup.policy=compact min.insync.replicas=2
topic campaigns        1 3 cleanup.policy=compact min.insync.replicas=2 max.message.bytes=2097152
topic offer-stats      3 3 cleanup.policy=compact min.insync.replicas=2
topic contact-counts  12 3 cleanup.policy=compact min.insync.replicas=2
topic kpis             3 3 cleanup.policy=compact min.insync.replicas=2

"$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --describe | grep -E '^Topic:' || true
