package dev.salescrm.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every overlay of k8s/overlays rendered by kubectl kustomize, every object checked against its schema
 * (Kubernetes, CloudNativePG) or Strimzi's API model, and the whole against the code. Skipped, with a
 * message, where kubectl is not installed.
 */
class KubernetesOverlaysTest {

    static final String NO_KUBECTL = "kubectl is not installed: the k8s/ overlays are NOT rendered or validated here"
            + " (install kubectl >= 1.27, which embeds kustomize, to run this check)";

    /** Skips the class, visibly, where a tool is missing: never a silent pass. */
    static void assumeTools() {
        if (!Tools.available("kubectl")) {
            System.err.println("deployment-check: SKIPPED: " + NO_KUBECTL);
        }
        assumeTrue(Tools.available("kubectl"), NO_KUBECTL);
        assumeTrue(Tools.available("node"), "node is not installed: the schema validators cannot run");
    }

    /** Reported as skipped (not as a pass, not as nothing) where kubectl is missing. */
    @Test
    void kubectlRendersTheOverlays() {
        assumeTools();
        assertThat(Tools.kustomize(Repo.path("k8s/base")).ok()).isTrue();
    }

    @TestFactory
    Stream<DynamicTest> everyOverlayRendersValidatesAndAgreesWithTheCode() throws IOException {
        assumeTools();
        List<Path> overlays;
        try (Stream<Path> dirs = Files.list(Repo.path("k8s/overlays"))) {
            overlays = dirs.filter(d -> Files.exists(d.resolve("kustomization.yaml"))).sorted().toList();
        }
        assertThat(overlays).extracting(p -> p.getFileName().toString()).contains("dev", "prod");
        return overlays.stream().map(dir -> DynamicTest.dynamicTest("k8s/overlays/" + dir.getFileName(), () -> {
            Check.Report report = Check.overlay("k8s/overlays/" + dir.getFileName(), dir);
            System.out.println(report.schemaOutput().lines().reduce((a, b) -> b).orElse(""));
            assertThat(report.problems()).isEmpty();
        }));
    }
}
