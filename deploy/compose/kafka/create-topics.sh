#!/bin/sh
# Creates Rapport's topics: run once by the Compose kafka-init service, and usable against any
# existing cluster (deploy/README.md). Safe to re-run: existing topics are left alone, settings
# included. One line per topic, as `topic NAME PARTITIONS REPLICAS CONFIG...`; the list matches
# io.rapport.kafka.Topics and deploy/k8s/base/topics.yaml, which deploy's TopicManifestsTest checks.
#
# Environment (defaults in brackets):
#   BOOTSTRAP       the brokers [kafka-1:9092,kafka-2:9092,kafka-3:9092]
#   KAFKA_TOPICS    the kafka-topics.sh of a Kafka distribution, a path or a command on PATH
#                   [/opt/kafka/bin/kafka-topics.sh]
#   REPLICATION     replicas of every topic, instead of the 3 on each line below
#   MIN_INSYNC      min.insync.replicas of every topic, instead of the 2 below [2, or REPLICATION
#                   when that is 1]; at most REPLICATION
#   COMMAND_CONFIG  a client properties file for a secured cluster (kafka-topics.sh --command-config)
set -eu
BOOTSTRAP="${BOOTSTRAP:-kafka-1:9092,kafka-2:9092,kafka-3:9092}"
KAFKA_TOPICS="${KAFKA_TOPICS:-/opt/kafka/bin/kafka-topics.sh}"
REPLICATION="${REPLICATION:-}"
MIN_INSYNC="${MIN_INSYNC:-}"
COMMAND_CONFIG="${COMMAND_CONFIG:-}"

fail() {
  echo "create-topics.sh: $*" >&2
  exit 2
}

whole_number() {
  case "$2" in
    '' | *[!0-9]* | 0*) fail "$1 must be a whole number from 1, was '$2'" ;;
  esac
}

if [ -n "$REPLICATION" ]; then whole_number REPLICATION "$REPLICATION"; fi
if [ -z "$MIN_INSYNC" ]; then
  # 2 as on the lines below, but never above the replication (a single-broker cluster has one replica)
  if [ "${REPLICATION:-3}" -lt 2 ]; then MIN_INSYNC="$REPLICATION"; else MIN_INSYNC=2; fi
fi
whole_number MIN_INSYNC "$MIN_INSYNC"
if [ "$MIN_INSYNC" -gt "${REPLICATION:-3}" ]; then
  fail "MIN_INSYNC ($MIN_INSYNC) must not be above the replication (${REPLICATION:-3}): no write could succeed"
fi
command -v "$KAFKA_TOPICS" > /dev/null 2>&1 \
  || fail "KAFKA_TOPICS: $KAFKA_TOPICS is not an executable kafka-topics.sh (set KAFKA_TOPICS to yours)"
if [ -n "$COMMAND_CONFIG" ] && [ ! -r "$COMMAND_CONFIG" ]; then
  fail "COMMAND_CONFIG: cannot read $COMMAND_CONFIG"
fi

kafka_topics() {
  if [ -n "$COMMAND_CONFIG" ]; then
    "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" --command-config "$COMMAND_CONFIG" "$@"
  else
    "$KAFKA_TOPICS" --bootstrap-server "$BOOTSTRAP" "$@"
  fi
}

topic() {
  name="$1"; partitions="$2"; replicas="${REPLICATION:-$3}"; shift 3
  configs=""
  for c in "$@"; do
    case "$c" in
      min.insync.replicas=*) c="min.insync.replicas=$MIN_INSYNC" ;;
    esac
    configs="$configs --config $c"
  done
  # shellcheck disable=SC2086
  kafka_topics --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$replicas" $configs
}

# The event log is the source of truth: kept 400 days (past every job's 365-day retention and the
# KPI day panes' 400), so the jobs can rebuild their state from it; an erased customer's raw events
# leave with it. The customer-keyed upsert topics compact within a day (segment.ms and
# max.compaction.lag.ms), so an erased customer's superseded records leave them within about a day.
# events, events-dlq, offers and campaigns take records of up to 2 MiB (Topics.MAX_RECORD_BYTES): one
# event of a 1 MiB body, or a whole offer catalogue, is larger than Kafka's default of about 1 MiB.
# The topics with a retention roll a segment a day (Kafka deletes whole segments, whose default roll is
# 7 days), so a record goes at most a day after its retention.
topic events          12 3 retention.ms=34560000000 segment.ms=86400000 min.insync.replicas=2 max.message.bytes=2097152
topic events-dlq       3 3 retention.ms=604800000 segment.ms=86400000 min.insync.replicas=2 max.message.bytes=2097152
topic actions          6 3 retention.ms=604800000 segment.ms=86400000 min.insync.replicas=2
# Upsert topics the API reads into its views: compacted, one record per key survives.
topic items           12 3 cleanup.policy=compact min.insync.replicas=2 segment.bytes=67108864
topic customer-items  12 3 cleanup.policy=compact min.insync.replicas=2 segment.ms=86400000 max.compaction.lag.ms=86400000 segment.bytes=67108864
topic co-views        12 3 cleanup.policy=compact min.insync.replicas=2 segment.bytes=67108864
topic totals           1 3 cleanup.policy=compact min.insync.replicas=2 segment.bytes=67108864
topic profiles        12 3 cleanup.policy=compact min.insync.replicas=2 segment.ms=86400000 max.compaction.lag.ms=86400000 segment.bytes=67108864
topic offers           1 3 cleanup.policy=compact min.insync.replicas=2 max.message.bytes=2097152
topic catalog         12 3 cleanup.policy=compact min.insync.replicas=2
topic campaigns        1 3 cleanup.policy=compact min.insync.replicas=2 max.message.bytes=2097152
topic offer-stats      3 3 cleanup.policy=compact min.insync.replicas=2 segment.bytes=67108864
topic contact-counts  12 3 cleanup.policy=compact min.insync.replicas=2 segment.ms=86400000 max.compaction.lag.ms=86400000 segment.bytes=67108864
topic kpis             3 3 cleanup.policy=compact min.insync.replicas=2 segment.bytes=67108864

kafka_topics --describe | grep -E '^Topic:' || true
