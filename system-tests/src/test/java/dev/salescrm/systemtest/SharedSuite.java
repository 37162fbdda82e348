package dev.salescrm.systemtest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;

/**
 * One running suite shared by every test class in this JVM that uses the extension (starting it takes about a
 * minute on two cores), stopped and its databases dropped when the test run ends. Tests take it as a
 * {@link Suite} parameter. When a test fails, the tail of every process's log is printed beside the failure:
 * what the services said is usually the quickest way to why. Each subclass is a suite of its own (the store
 * is per extension class): {@link RunningSuite} for the scenario tests, {@code FaultSuite} for the fault suite.
 */
public abstract class SharedSuite implements BeforeAllCallback, ParameterResolver, TestExecutionExceptionHandler {

    private final String homePrefix;
    private final int logTailLines;
    private final Consumer<SuiteConfig.Builder> adjust;

    /**
     * @param homePrefix   the suite's home directory name under {@code system-tests/target} (its logs stay there
     *                     after a failed run, and {@code clean} removes them)
     * @param logTailLines lines of each process's log printed when a test fails
     * @param adjust       changes to the isolated configuration (free ports, own database prefix and Kafka)
     */
    protected SharedSuite(String homePrefix, int logTailLines, Consumer<SuiteConfig.Builder> adjust) {
        this.homePrefix = homePrefix;
        this.logTailLines = logTailLines;
        this.adjust = adjust;
    }

    /** Stored in the root context, so it is closed once, after the last test class. */
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
        Started started = store(context).get(Started.class, Started.class);
        if (started != null && !(failure instanceof TestAbortedException)) {
            System.err.println(ServiceLogs.tails(started.suite(), context.getDisplayName(), failure, logTailLines));
        }
        throw failure;
    }

    private ExtensionContext.Store store(ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(getClass()));
    }

    private Suite suite(ExtensionContext context) {
        return store(context).computeIfAbsent(Started.class, key -> {
            try {
                Path target = SystemUnderTest.repositoryRoot().resolve("system-tests").resolve("target");
                Files.createDirectories(target);
                Path home = Files.createTempDirectory(target, homePrefix);
                Suite suite = new Suite(SystemUnderTest.isolatedConfig(home, adjust));
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
