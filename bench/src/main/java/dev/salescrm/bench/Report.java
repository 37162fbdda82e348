package dev.salescrm.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Markdown summary of a run: per scenario a table of figures, each beside the baseline it is compared with
 * (measured in the same run) and, where the issue sets one, the budget and whether it was met. Written again
 * after every scenario, so a run that dies half way still leaves what it measured.
 */
final class Report {

    /** One line of a scenario's table. {@code verdict} is "meets", "MISSES (…)", "n/a" or a note. */
    record Figure(String what, String value, String baseline, String ratio, String budget, String verdict) {
    }

    private final Path file;
    private final List<String> header = new ArrayList<>();
    private final Map<String, List<Figure>> figures = new LinkedHashMap<>();
    private final Map<String, List<String>> notes = new LinkedHashMap<>();

    Report(Path file) {
        this.file = file;
    }

    void header(String line) {
        header.add(line);
        write();
    }

    void figure(String scenario, Figure figure) {
        figures.computeIfAbsent(scenario, k -> new ArrayList<>()).add(figure);
        System.out.printf("  %-58s %-14s %-26s %-8s %s%n", figure.what(), figure.value(), figure.baseline(),
                figure.ratio(), figure.verdict());
        write();
    }

    void note(String scenario, String note) {
        notes.computeIfAbsent(scenario, k -> new ArrayList<>()).add(note);
        System.out.println("  note: " + note);
        write();
    }

    /** "meets" when {@code ok}, else "MISSES by …" with the given shortfall text. */
    static String verdict(boolean ok, String shortfall) {
        return ok ? "meets" : "MISSES (" + shortfall + ")";
    }

    static String ms(double millis) {
        return millis < 10 ? String.format("%.1f ms", millis) : String.format("%.0f ms", millis);
    }

    static String ratio(double value) {
        return String.format("%.2f ×", value);
    }

    static String perSecond(double value) {
        return String.format("%.0f /s", value);
    }

    synchronized void write() {
        StringBuilder md = new StringBuilder("# ./crm bench summary\n\n");
        header.forEach(line -> md.append(line).append('\n'));
        md.append('\n');
        for (String scenario : unionOfScenarios()) {
            md.append("## ").append(scenario).append("\n\n");
            List<Figure> rows = figures.getOrDefault(scenario, List.of());
            if (!rows.isEmpty()) {
                md.append("| figure | value | baseline (same run) | ratio | budget | verdict |\n");
                md.append("|---|---|---|---|---|---|\n");
                for (Figure f : rows) {
                    md.append("| ").append(f.what()).append(" | ").append(f.value()).append(" | ").append(f.baseline())
                            .append(" | ").append(f.ratio()).append(" | ").append(f.budget()).append(" | ")
                            .append(f.verdict()).append(" |\n");
                }
                md.append('\n');
            }
            for (String note : notes.getOrDefault(scenario, List.of())) {
                md.append("- ").append(note).append('\n');
            }
            md.append('\n');
        }
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, md);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<String> unionOfScenarios() {
        List<String> all = new ArrayList<>(figures.keySet());
        notes.keySet().stream().filter(k -> !all.contains(k)).forEach(all::add);
        return all;
    }
}
