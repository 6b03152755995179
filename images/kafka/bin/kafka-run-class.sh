#!/bin/bash
# The stand-in's kafka-run-class.sh: runs a class from /opt/kafka/libs, as the official script does.
exec java ${KAFKA_HEAP_OPTS:--Xmx256m} ${KAFKA_OPTS:-} -Dlog4j2.configurationFile=/opt/kafka/config/tools-log4j2.properties \
  -cp '/opt/kafka/libs/*' "$@"
