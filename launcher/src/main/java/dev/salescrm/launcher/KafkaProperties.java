package dev.salescrm.launcher;

import java.nio.file.Path;

/** The {@code server.properties} of the launcher's single-node KRaft broker (broker and controller in one). */
public final class KafkaProperties {

    private KafkaProperties() {
    }

    /**
     * @param brokerPort PLAINTEXT listener; the CONTROLLER listener takes {@code brokerPort + 1}
     * @param dataDir    {@code log.dirs}
     */
    public static String serverProperties(int brokerPort, Path dataDir) {
        int controllerPort = brokerPort + 1;
        return """
                # Written by the launcher; rewritten on every start, the data in log.dirs is kept.
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                default.replication.factor=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                auto.create.topics.enable=true
                group.initial.rebalance.delay.ms=0
                log.retention.hours=168
                """.formatted(brokerPort, controllerPort, dataDir.toAbsolutePath().toString().replace("\\", "/"));
    }
}
