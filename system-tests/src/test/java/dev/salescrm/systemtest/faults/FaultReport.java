package dev.salescrm.systemtest.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import dev.salescrm.systemtest.SystemUnderTest;

/**
 * The fault suite's summary: one row per scenario (fault, load, lost, doubled, unexpected 5xx), as
 * issue #14 asks. Each scenario records its row after it has counted — from the databases and topics,
 * never from what it believes it sent — and then asserts the same numbers, so a failing scenario still
 * leaves its row. Rows go to {@code system-tests/target/fault-report.md} as they come (a crash of the
 * test JVM keeps what was counted so far) and the whole table is printed when the run ends
 * ({@link FaultReportPrinter}). {@code docs/reliability.md} holds a copy of the latest run's table.
 */
public final class FaultReport {

    /** One scenario's outcome. {@code note} says what else was measured (recovery time, 429s, …). */
    public record Row(String fault, String load, long lost, long doubled, long unexpected5xx, String note) {
        String markdown() {
            return "| " + fault + " | " + load + " | " + lost + " | " + doubled + " | " + unexpected5xx + " | "
                    + note.replace("|", "\\|") + " |";
        }
    }

    static final String HEADER = "| fault | load | lost | doubled | unexpected 5xx | notes |\n|---|---|---|---|---|---|";

    private static final List<Row> ROWS = new ArrayList<>();

    private FaultReport() {
    }

    public static synchronized void record(Row row) {
        boolean firstOfThisRun = ROWS.isEmpty();
        ROWS.add(row);
        Path file = file();
        try {
            Files.createDirectories(file.getParent());
            if (firstOfThisRun || !Files.exists(file)) {
                // A new run starts a new table: rows of an earlier run (a local re-run without clean) would mix in.
                Files.writeString(file, HEADER + "\n");
            }
            Files.writeString(file, row.markdown() + "\n", StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static synchronized List<Row> rows() {
        return List.copyOf(ROWS);
    }

    static synchronized String table() {
        StringBuilder table = new StringBuilder(HEADER).append('\n');
        for (Row row : ROWS) {
            table.append(row.markdown()).append('\n');
        }
        return table.toString();
    }

    static Path file() {
        return SystemUnderTest.repositoryRoot().resolve("system-tests").resolve("target").resolve("fault-report.md");
    }
}
