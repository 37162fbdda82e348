package dev.salescrm.platform.test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, in this JVM) from spring-kafka-test. One per Spring test context,
 * so test classes never see each other's events or consumer-group offsets.
 */
public final class TestKafka {

    private TestKafka() {
    }

    public static EmbeddedKafkaKraftBroker start(int partitions, int... ports) {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions);
        if (ports.length > 0) {
            broker.kafkaPorts(ports);
        }
        // Topics are created by the services (NewTopic beans); the broker may also create a
        // topic on first use, as a standalone broker does by default.
        broker.brokerProperty("auto.create.topics.enable", "true");
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("transaction.state.log.replication.factor", "1");
        broker.brokerProperty("transaction.state.log.min.isr", "1");
        broker.afterPropertiesSet();
        return broker;
    }
}
