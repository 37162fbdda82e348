package dev.salescrm.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** The whole check of one k8s overlay or one compose file: render, schemas, Strimzi model, consistency rules. */
final class Check {

    record Report(List<String> problems, String schemaOutput) {
    }

    static final Path RENDERED = Path.of("target", "rendered").toAbsolutePath();

    private Check() {
    }

    static Report overlay(String label, Path dir) {
        List<String> problems = new ArrayList<>();
        Tools.Result rendered = Tools.kustomize(dir);
        if (!rendered.ok()) {
            problems.add(label + ": kubectl kustomize failed: " + rendered.output().strip());
            return new Report(problems, "");
        }
        Path file = write(label.replace('/', '_') + ".yaml", rendered.output());
        Tools.Result schemas = Tools.validate("k8s", file);
        schemaErrors(label, schemas, problems);
        List<Map<String, Object>> docs = loadAll(rendered.output());
        problems.addAll(StrimziModel.check(label, docs));
        problems.addAll(K8sRules.check(label, docs));
        return new Report(problems, schemas.output());
    }

    static Report compose(String label, Path file) {
        List<String> problems = new ArrayList<>();
        Tools.Result schemas = Tools.validate("compose", file);
        schemaErrors(label, schemas, problems);
        @SuppressWarnings("unchecked")
        Map<String, Object> compose = (Map<String, Object>) yaml().load(Repo.read(file));
        problems.addAll(ComposeRules.check(label, compose));
        return new Report(problems, schemas.output());
    }

    private static void schemaErrors(String label, Tools.Result result, List<String> problems) {
        result.output().lines().filter(l -> l.startsWith("ERROR")).forEach(l -> problems.add(label + ": schema " + l));
        if (!result.ok() && problems.stream().noneMatch(p -> p.contains(": schema "))) {
            problems.add(label + ": the schema validator failed: " + result.output().strip());
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> loadAll(String yamlText) {
        List<Map<String, Object>> docs = new ArrayList<>();
        for (Object doc : yaml().loadAll(yamlText)) {
            if (doc instanceof Map<?, ?> map) {
                docs.add((Map<String, Object>) map);
            }
        }
        return docs;
    }

    static Path write(String name, String content) {
        try {
            Files.createDirectories(RENDERED);
            Path file = RENDERED.resolve(name);
            Files.writeString(file, content);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Yaml yaml() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        return new Yaml(options);
    }
}
