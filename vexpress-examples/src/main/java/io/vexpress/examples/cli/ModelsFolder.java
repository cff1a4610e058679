package io.vexpress.examples.cli;

import io.vexpress.ModelBundleException;
import io.vexpress.ModelBundles;
import io.vexpress.Setting;
import io.vexpress.examples.demo.DemoAssets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The model bundle a command runs on, from {@code --models}: a bundle folder, or the name of a bundle shipped in the
 * jar ({@link ModelBundles}, e.g. {@code tiny}), unpacked into a temporary folder that {@link #close()} deletes. A
 * folder of that name, when one exists, wins over the shipped bundle.
 */
final class ModelsFolder implements AutoCloseable {
    private final Path folder;
    private final boolean temporary;
    private final String name;

    private ModelsFolder(Path folder, boolean temporary, String name) {
        this.folder = folder;
        this.temporary = temporary;
        this.name = name;
    }

    /**
     * @throws ModelBundleException when {@code models} is neither a bundle folder nor a shipped bundle's name, with
     *     how to get a bundle
     */
    static ModelsFolder open(Path models) {
        if (models != null && !Files.exists(models) && ModelBundles.isName(models.toString())) {
            try {
                Path dir = Files.createTempDirectory("vexpress-bundle-");
                ModelBundles.unpack(models.toString(), dir);
                return new ModelsFolder(dir, true, models.toString());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot make a temporary folder for the '" + models + "' bundle: " + e.getMessage(), e);
            }
        }
        requireBundle(models);
        return new ModelsFolder(models, false, null);
    }

    /** The bundle, or empty when {@code models} names none (a command that can run without one). */
    static java.util.Optional<ModelsFolder> openIfPresent(Path models) {
        if (models == null || !(Files.isRegularFile(models.resolve("manifest.json"))
                || (!Files.exists(models) && ModelBundles.isName(models.toString())))) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(open(models));
    }

    Path folder() {
        return folder;
    }

    /** Whether this is a shipped random-weight stand-in, whose video is noise. */
    boolean standIn() {
        return name != null;
    }

    /** Fails with a {@link ModelBundleException} that says how to get a bundle when {@code folder} is not one. */
    static void requireBundle(Path folder) {
        if (folder == null || !Files.isDirectory(folder)) {
            throw new ModelBundleException(Setting.MODEL_BUNDLE, "No model bundle at "
                    + (folder == null ? "(none)" : folder.toAbsolutePath()) + ". Export the V-Express weights with"
                    + " tools/export (see docs/model-bundle.md) and pass {MODEL_BUNDLE} DIR or set VEXPRESS_MODELS;"
                    + " {MODEL_BUNDLE} tiny runs the demo's random-weight stand-in (its video is noise).");
        }
        if (!Files.isRegularFile(folder.resolve("manifest.json"))) {
            throw new ModelBundleException(Setting.MODEL_BUNDLE, folder.toAbsolutePath() + " has no manifest.json, so it"
                    + " is not a model bundle. Export one with tools/export (see docs/model-bundle.md).");
        }
    }

    @Override
    public void close() {
        if (temporary) {
            DemoAssets.deleteTree(folder);
        }
    }
}
