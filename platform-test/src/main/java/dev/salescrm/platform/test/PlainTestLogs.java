package dev.salescrm.platform.test;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Test output is read by people: on a test classpath (this module is only ever a test
 * dependency) services log plain text instead of the JSON they write in production. It has to be
 * an EnvironmentPostProcessor: logging is configured before any test context initializer runs.
 */
public class PlainTestLogs implements EnvironmentPostProcessor {

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addFirst(
                new MapPropertySource("crmPlainTestLogs", Map.of("logging.structured.format.console", "")));
    }
}
