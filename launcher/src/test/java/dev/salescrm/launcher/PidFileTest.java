package dev.salescrm.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @TempDir
    Path dir;

    @Test
    void writesReadsAndDeletes() {
        PidFile file = new PidFile(dir.resolve("pids/x.pid"));
        assertThat(file.read()).isEmpty();

        file.write(ProcessHandle.current().pid());

        assertThat(file.read()).hasValue(ProcessHandle.current().pid());
        assertThat(file.liveProcess()).map(ProcessHandle::pid).hasValue(ProcessHandle.current().pid());
        file.delete();
        assertThat(file.path()).doesNotExist();
        file.delete(); // harmless when gone
    }

    @Test
    void garbageReadsAsNotRunning() throws Exception {
        Path path = dir.resolve("x.pid");
        Files.writeString(path, "not a pid\n");
        assertThat(new PidFile(path).read()).isEmpty();
        assertThat(new PidFile(path).liveProcess()).isEmpty();
    }

    @Test
    void deadProcessReadsAsNotRunning() throws Exception {
        Process process = new ProcessBuilder("true").start();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        PidFile file = new PidFile(dir.resolve("dead.pid"));
        file.write(process.pid());

        assertThat(file.read()).hasValue(process.pid());
        assertThat(file.liveProcess()).isEmpty();
    }

    @Test
    void suiteIgnoresAPidThatIsNotAJavaProcess() throws Exception {
        Process sleep = new ProcessBuilder("sleep", "30").start();
        try {
            SuiteConfig config = SuiteConfig.builder(dir, dir).build();
            new PidFile(config.pidFile("kafka")).write(sleep.pid());
            assertThat(new Suite(config).liveJava("kafka")).isEmpty();
        } finally {
            sleep.destroyForcibly();
        }
    }

    @Test
    void downWithNothingRunningIsHarmless() {
        SuiteConfig config = SuiteConfig.builder(dir, dir).build();
        assertThat(new Suite(config).down()).isEmpty();
    }
}
