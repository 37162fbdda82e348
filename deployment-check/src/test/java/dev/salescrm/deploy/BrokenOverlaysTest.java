package dev.salescrm.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Deliberately broken overlays (src/test/resources/broken/<case>: the dev overlay plus one patch, and in
 * expected.txt the problem the check must report) are rejected: the check really fails on what it claims to
 * catch, through each of its validators.
 */
class BrokenOverlaysTest {

    @TestFactory
    Stream<DynamicTest> brokenOverlaysAreRejected() throws IOException {
        KubernetesOverlaysTest.assumeTools();
        List<Path> cases;
        try (Stream<Path> dirs = Files.list(Repo.path("deployment-check/src/test/resources/broken"))) {
            cases = dirs.filter(Files::isDirectory).sorted().toList();
        }
        assertThat(cases).hasSizeGreaterThanOrEqualTo(8);
        return cases.stream().map(dir -> DynamicTest.dynamicTest(dir.getFileName().toString(), () -> {
            String expected = Files.readString(dir.resolve("expected.txt")).strip();
            Check.Report report = Check.overlay("broken/" + dir.getFileName(), dir);
            report.problems().forEach(p -> System.out.println("rejected as expected: " + p));
            assertThat(report.problems()).as("problems of broken/" + dir.getFileName())
                    .anySatisfy(p -> assertThat(p).contains(expected));
        }));
    }
}
