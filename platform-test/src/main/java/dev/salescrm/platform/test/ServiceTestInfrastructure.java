package dev.salescrm.platform.test;

import java.util.HashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Gives a service's Spring test context its real infrastructure: a fresh PostgreSQL database and
 * a Kafka broker of its own, both torn down when the context closes, and tokens from the test
 * issuer ({@link TestTokens}). Used through
 * {@link ServiceTest}.
 */
public class ServiceTestInfrastructure implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final String DATABASE_BEAN = "crmTestDatabase";
    public static final String BROKER_BEAN = "crmTestKafkaBroker";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        String label = context.getEnvironment().getProperty("spring.application.name", "svc");
        TestPostgres.Database database = TestPostgres.createDatabase(label);
        EmbeddedKafkaKraftBroker broker = TestKafka.start(3);

        Map<String, Object> props = new HashMap<>();
        props.put("spring.r2dbc.url", database.r2dbcUrl());
        props.put("spring.r2dbc.username", database.user());
        props.put("spring.r2dbc.password", database.password());
        props.put("spring.flyway.url", database.jdbcUrl());
        props.put("spring.flyway.user", database.user());
        props.put("spring.flyway.password", database.password());
        props.put("crm.kafka.bootstrap", broker.getBrokersAsString());
        props.put("spring.kafka.bootstrap-servers", broker.getBrokersAsString());
        props.put("crm.security.issuer", TestTokens.ISSUER);
        props.put("crm.security.jwk-set-uri", TestTokens.jwkSetUri());
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("crmTestInfrastructure", props));

        context.getBeanFactory().registerSingleton(DATABASE_BEAN, database);
        context.getBeanFactory().registerSingleton(BROKER_BEAN, broker);
        context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> {
            if (event.getApplicationContext() == context) {
                broker.destroy();
                database.drop();
            }
        });
    }

    /** The broker of a test context, for tests that read topics directly. */
    public static EmbeddedKafkaBroker broker(org.springframework.context.ApplicationContext context) {
        return context.getBean(BROKER_BEAN, EmbeddedKafkaBroker.class);
    }
}
