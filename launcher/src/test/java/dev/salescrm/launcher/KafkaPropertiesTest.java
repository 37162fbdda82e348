package dev.salescrm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class KafkaPropertiesTest {

    @Test
    void singleNodeKraftCombinedMode() throws Exception {
        Properties p = new Properties();
        p.load(new StringReader(KafkaProperties.serverProperties(19092, Path.of("/tmp/h/kafka/data"))));

        assertThat(p.getProperty("process.roles")).isEqualTo("broker,controller");
        assertThat(p.getProperty("node.id")).isEqualTo("1");
        assertThat(p.getProperty("listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092");
        assertThat(p.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");
        assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:19093");
        assertThat(p.getProperty("log.dirs")).isEqualTo("/tmp/h/kafka/data");
        assertThat(p.getProperty("offsets.topic.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.replication.factor")).isEqualTo("1");
        assertThat(p.getProperty("transaction.state.log.min.isr")).isEqualTo("1");
        assertThat(p.getProperty("auto.create.topics.enable")).isEqualTo("true");
        assertThat(p.getProperty("group.initial.rebalance.delay.ms")).isEqualTo("0");
    }

    @Test
    void clusterIdIsTwentyTwoCharactersOfUrlSafeBase64() {
        String id = Suite.kafkaClusterId();
        assertThat(id).hasSize(22).matches("[A-Za-z0-9_-]+");
        assertThat(Suite.kafkaClusterId()).isNotEqualTo(id);
    }
}
