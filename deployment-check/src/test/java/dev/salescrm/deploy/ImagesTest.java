package dev.salescrm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The image recipe and ./crm images agree with the code and with the manifests that run the images. */
class ImagesTest {

    private final String crm = Repo.read("crm");
    private final String dockerfile = Repo.read("docker/Dockerfile");

    @Test
    void crmImagesBuildsEveryAppWithItsPort() {
        Matcher services = Pattern.compile("SERVICES=\\(([^)]*)\\)").matcher(crm);
        assertThat(services.find()).isTrue();
        assertThat(List.of(services.group(1).trim().split("\\s+")))
                .containsExactlyInAnyOrderElementsOf(CodeFacts.get().apps());
        Map<String, Integer> ports = new LinkedHashMap<>();
        Matcher port = Pattern.compile("\\[([a-z-]+)]=(\\d+)").matcher(crm);
        while (port.find()) {
            ports.put(port.group(1), Integer.parseInt(port.group(2)));
        }
        assertThat(ports).as("IMAGE_PORTS in ./crm against launcher's SuiteConfig")
                .containsExactlyInAnyOrderEntriesOf(CodeFacts.get().ports);
    }

    @Test
    void dockerfileLayersTheJarTrainsAnAotCacheAndRunsAsANumericNonRootUser() {
        assertThat(dockerfile)
                .contains("java -Djarmode=tools -jar app.jar extract --layers --launcher")
                .contains("-XX:AOTCacheOutput=")
                .contains("-Dspring.context.exit=onRefresh")
                .contains("-XX:AOTCache=/app/app.aot")
                .contains("org.springframework.boot.loader.launch.JarLauncher");
        Matcher user = Pattern.compile("(?m)^USER (\\d+):(\\d+)$").matcher(dockerfile);
        assertThat(user.find()).as("a numeric USER uid:gid").isTrue();
        assertThat(Integer.parseInt(user.group(1))).isPositive();
        // the Kubernetes pods run as that same user (runAsNonRoot can only verify a numeric one)
        for (String app : List.of("lead-service", "account-service", "opportunity-service", "catalog-service",
                "billing-service", "gateway")) {
            assertThat(Repo.read("k8s/base/" + app + ".yaml")).contains("runAsUser: " + user.group(1));
        }
        assertThat(Repo.read(".dockerignore")).contains("!*/target/*-0.1.0-SNAPSHOT.jar").contains("!docker/HealthProbe.java");
    }
}
