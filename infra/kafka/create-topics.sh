#!/bin/bash
# One-shot topic provisioning for docker-compose (auto-creation is off on the brokers). Idempotent: an existing
# topic is left as it is. Reads BOOTSTRAP_SERVERS, TOPICS (space-separated), PARTITIONS and REPLICATION_FACTOR.
set -euo pipefail

kafka_topics=/opt/kafka/bin/kafka-topics.sh
for topic in ${TOPICS}; do
  "${kafka_topics}" --bootstrap-server "${BOOTSTRAP_SERVERS}" --create --if-not-exists --topic "${topic}" \
    --partitions "${PARTITIONS}" --replication-factor "${REPLICATION_FACTOR}" --config min.insync.replicas=2
done
"${kafka_topics}" --bootstrap-server "${BOOTSTRAP_SERVERS}" --describe | grep -E '^Topic:' || true
