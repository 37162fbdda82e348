package dev.salescrm.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The external tools of the check: kubectl (kustomize) and node (the schema validators in validator/). */
final class Tools {

    record Result(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    /** The kubectl to run; -Dcrm.kubectl=... points at another one (or at none, to see the skip). */
    static final String KUBECTL = System.getProperty("crm.kubectl", "kubectl");

    private Tools() {
    }

    static boolean available(String command) {
        try {
            List<String> probe = command.equals("kubectl") ? List.of(KUBECTL, "version", "--client")
                    : List.of(command, "--version");
            Process p = new ProcessBuilder(probe).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static Result run(Path workingDirectory, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(workingDirectory.toFile()).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Result(-1, String.join(" ", command) + ": timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, String.join(" ", command) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** {@code kubectl kustomize <dir>}: the rendered multi-document YAML, or the tool's error. */
    static Result kustomize(Path dir) {
        return run(Repo.ROOT, List.of(KUBECTL, "kustomize", dir.toString()));
    }

    /** {@code node validator/validate.mjs <mode> <file>} (k8s | compose). */
    static Result validate(String mode, Path file) {
        Path validator = Repo.path("deployment-check/validator");
        return run(validator, List.of("node", "validate.mjs", mode, file.toAbsolutePath().toString()));
    }
}
