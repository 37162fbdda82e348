package dev.salescrm.systemtest.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

import dev.salescrm.launcher.Suite;
import dev.salescrm.systemtest.ServiceLogs;
import dev.salescrm.systemtest.SystemUnderTest;

/**
 * The suite the fault scenarios break: like the scenario tests' {@code RunningSuite}, one suite per test JVM
 * (the fault group runs in its own surefire execution, so it never shares processes with the scenario tests),
 * but always on an <em>embedded</em> PostgreSQL of its own, never the machine's: R4 restarts the database, and
 * the machine's server is not ours to restart. Scenarios take it as a {@link Suite} parameter; a failing
 * scenario prints every process's log tail.
 */
public class FaultSuite implements BeforeAllCallback, ParameterResolver, TestExecutionExceptionHandler {

    private static final int LOG_TAIL_LINES = 40;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FaultSuite.class);

    private record Started(Suite suite) implements AutoCloseable {
        @Override
        public void close() {
            try {
                suite.down();
            } finally {
                suite.dropDatabases();
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        suite(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Suite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return suite(context);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
        Started started = context.getRoot().getStore(NAMESPACE).get(Started.class, Started.class);
        if (started != null && !(failure instanceof TestAbortedException)) {
            System.err.println(ServiceLogs.tails(started.suite(), context.getDisplayName(), failure, LOG_TAIL_LINES));
        }
        throw failure;
    }

    private static Suite suite(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Started.class, key -> {
            try {
                Path target = SystemUnderTest.repositoryRoot().resolve("system-tests").resolve("target");
                Files.createDirectories(target);
                Path home = Files.createTempDirectory(target, "faults-");
                Suite suite = new Suite(SystemUnderTest.isolatedConfig(home,
                        // 480 s to be ready: on a 2-core machine shared with other builds, 240 s was not enough.
                        builder -> builder.externalDbUrl(null).forceEmbeddedDb(true)
                                .readinessTimeout(java.time.Duration.ofSeconds(480))));
                Started started = new Started(suite);
                try {
                    suite.up();
                } catch (RuntimeException e) {
                    started.close();
                    throw e;
                }
                return started;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, Started.class).suite();
    }
}
