#!/usr/bin/env bash
# One-shot topic creation for docker compose (the kafka-init service), before any service starts.
# CRM_TOPICS: one "name:partitions:cleanup.policy" per word (docker-compose.yml, checked against
# contracts' Topics.java and the services' declared topics by deployment-check).
# The services declare the same topics themselves (NewTopic beans); creating them here first means the
# broker never needs auto-creation (auto.create.topics.enable=false) and compose matches Kubernetes,
# where Strimzi's KafkaTopic resources own them.
set -euo pipefail
: "${CRM_TOPICS:?CRM_TOPICS must list the topics}"
: "${KAFKA_BOOTSTRAP:?KAFKA_BOOTSTRAP must be set}"
for spec in $CRM_TOPICS; do
  IFS=: read -r name partitions policy <<<"$spec"
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 --config "cleanup.policy=$policy"
done
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP" --list
