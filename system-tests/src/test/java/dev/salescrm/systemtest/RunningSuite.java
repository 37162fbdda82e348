package dev.salescrm.systemtest;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

import dev.salescrm.launcher.Suite;

/**
 * One running suite shared by every scenario test in this JVM (starting it takes about a minute on
 * two cores), stopped and its databases dropped when the test run ends. Scenario tests take it as
 * a {@link Suite} parameter. When a scenario fails, the tail of every process's log is printed
 * beside the failure (which, for a {@code SalesCycle} step, names the step): what the services
 * said is usually the quickest way to why.
 */
class RunningSuite implements BeforeAllCallback, ParameterResolver, TestExecutionExceptionHandler {

    /** Lines of each process's log printed when a scenario fails. */
    private static final int LOG_TAIL_LINES = 30;

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RunningSuite.class);

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
        Started started = context.getRoot().getStore(NAMESPACE).get(Started.class, Started.class);
        if (started != null && !(failure instanceof TestAbortedException)) {
            System.err.println(ServiceLogs.tails(started.suite(), context.getDisplayName(), failure, LOG_TAIL_LINES));
        }
        throw failure;
    }

    private static Suite suite(ExtensionContext context) {
        return context.getRoot().getStore(NAMESPACE).computeIfAbsent(Started.class, key -> {
            try {
                // Under target/: the logs of a failed run stay there to be read, and `clean` removes them.
                Path target = SystemUnderTest.repositoryRoot().resolve("system-tests").resolve("target");
                Files.createDirectories(target);
                Path home = Files.createTempDirectory(target, "suite-");
                Suite suite = new Suite(SystemUnderTest.isolatedConfig(home));
                Started started = new Started(suite);
                try {
                    suite.up();
                } catch (RuntimeException e) {
                    started.close();
                    throw e;
                }
                return started;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Started.class).suite();
    }
}
