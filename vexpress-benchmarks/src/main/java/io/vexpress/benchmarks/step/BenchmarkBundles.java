package io.vexpress.benchmarks.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The model bundles the step benchmark runs, copied out of the class path into a folder:
 * {@code shape-faithful} (real V-Express sizes, trivial compute; tools/tiny-models/make_shape_faithful_bundle.py)
 * and {@code tiny} (vexpress-core's tiny random-weight networks with real compute at tiny sizes).
 */
final class BenchmarkBundles {
    private BenchmarkBundles() {
    }

    /** Copies bundle {@code name} into a new folder under {@code parent} and returns it. */
    static Path copy(String name, Path parent) throws IOException {
        String base = name + "-bundle/";
        Path folder = Files.createDirectories(parent.resolve(name));
        byte[] manifest = read(base + "manifest.json");
        Files.write(folder.resolve("manifest.json"), manifest);
        JsonNode models = new ObjectMapper().readTree(manifest).get("models");
        List<String> files = new ArrayList<>();
        for (Iterator<JsonNode> it = models.elements(); it.hasNext(); ) {
            files.add(it.next().asText());
        }
        for (String file : files) {
            Files.write(folder.resolve(file), read(base + file));
        }
        return folder;
    }

    /** Deletes a folder {@link #copy} made, with everything in it. */
    static void delete(Path folder) throws IOException {
        try (java.util.stream.Stream<Path> walk = Files.walk(folder)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = BenchmarkBundles.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing benchmark resource " + resource + "; rebuild vexpress-benchmarks.");
            }
            return in.readAllBytes();
        }
    }
}
