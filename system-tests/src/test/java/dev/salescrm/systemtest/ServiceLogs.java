package dev.salescrm.systemtest;

import java.util.ArrayList;
import java.util.List;

import dev.salescrm.launcher.Suite;
import dev.salescrm.launcher.SuiteConfig;

/** The last lines of each process's log (the suite writes them under its home), for a failure report. */
public final class ServiceLogs {

    /** JSON log lines with stack traces can be very long; a report shows the start of each. */
    private static final int MAX_LINE = 600;

    private ServiceLogs() {
    }

    public static String tails(Suite suite, String scenario, Throwable failure, int lines) {
        StringBuilder report = new StringBuilder()
                .append("\n===== ").append(scenario).append(" failed: ").append(firstLine(failure)).append('\n');
        List<String> names = new ArrayList<>(SuiteConfig.processNames());
        names.add(SuiteConfig.KAFKA);
        for (String name : names) {
            var log = suite.config().logFile(name);
            report.append("----- ").append(name).append(": last ").append(lines).append(" lines of ").append(log).append('\n');
            for (String line : Suite.tail(log, lines).split("\n")) {
                report.append(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) + " …" : line).append('\n');
            }
        }
        return report.append("===== end of the logs of ").append(scenario).append('\n').toString();
    }

    private static String firstLine(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline) + " …";
    }
}
