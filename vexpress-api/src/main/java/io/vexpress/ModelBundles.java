package io.vexpress;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Model bundles shipped inside the engine's jar, reachable by name. Today there is one, {@value #TINY}: the tiny
 * random-weight stand-in the demo runs on. It has the real models' inputs and outputs, so every stage of a
 * generation runs, but its video shows noise, not a face; for real results export V-Express's weights with
 * {@code tools/export} (docs/model-bundle.md).
 *
 * <pre>{@code
 * Path bundle = ModelBundles.unpack("tiny", Path.of("models/tiny"));
 * TalkingHeadGenerator generator = TalkingHeadGenerator.builder().setModelBundle(bundle).build();
 * }</pre>
 */
public final class ModelBundles {
    /** The demo's tiny random-weight stand-in bundle. */
    public static final String TINY = "tiny";

    /** Class-path folder of the named bundles, provided by vexpress-core's jar. */
    static final String RESOURCE_ROOT = "io/vexpress/bundles/";

    private ModelBundles() {
    }

    /** The names {@link #unpack} accepts. */
    public static List<String> names() {
        return List.of(TINY);
    }

    /** Whether {@code name} is one of {@link #names()} (case-insensitive). */
    public static boolean isName(String name) {
        return name != null && names().contains(name.trim().toLowerCase(Locale.ROOT));
    }

    /**
     * Copies the named bundle into {@code folder} (created if needed; files already there are replaced) and returns
     * {@code folder}, ready for {@link TalkingHeadGenerator.Builder#setModelBundle(Path)}.
     *
     * @throws InvalidInputException for an unknown name
     * @throws EngineNotFoundException when vexpress-core, which holds the bundles, is not on the class path
     * @throws ModelBundleException when the folder cannot be written
     */
    public static Path unpack(String name, Path folder) {
        if (!isName(name)) {
            throw new InvalidInputException(Setting.MODEL_BUNDLE, "Unknown bundle name '" + name + "'; the bundles shipped"
                    + " by name are " + names() + ". For real results give an exported bundle folder to {MODEL_BUNDLE}.");
        }
        String root = RESOURCE_ROOT + name.trim().toLowerCase(Locale.ROOT);
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : ModelBundles.class.getClassLoader();
        URL marker = loader.getResource(root + "/manifest.json");
        if (marker == null) {
            throw new EngineNotFoundException("The '" + name + "' bundle ships in vexpress-core's jar, which is not on the"
                    + " class path. Add the Maven dependency io.vexpress:vexpress-core.");
        }
        try {
            if ("jar".equals(marker.getProtocol())) {
                try (FileSystem jar = openJar(marker)) {
                    copyTree(jar.getPath("/" + root), folder);
                }
            } else {
                copyTree(Path.of(marker.toURI()).getParent(), folder);
            }
        } catch (IOException | URISyntaxException | RuntimeException e) {
            if (e instanceof VExpressException v) {
                throw v;
            }
            throw new ModelBundleException(Setting.MODEL_BUNDLE, "Cannot unpack the '" + name + "' bundle into "
                    + folder.toAbsolutePath() + ": " + e.getMessage(), e);
        }
        return folder;
    }

    private static FileSystem openJar(URL marker) throws IOException, URISyntaxException {
        try {
            return FileSystems.newFileSystem(marker.toURI(), Map.of());
        } catch (FileSystemAlreadyExistsException e) {
            // Someone else holds the jar open: read through a second, private file system on the same file.
            String jar = marker.toURI().getSchemeSpecificPart();
            return FileSystems.newFileSystem(Path.of(java.net.URI.create(jar.substring(0, jar.indexOf("!/")))), (ClassLoader) null);
        }
    }

    private static void copyTree(Path source, Path target) throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(source)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path file : files) {
            Path dest = target.resolve(source.relativize(file).toString());
            Files.createDirectories(dest.getParent());
            try (InputStream in = Files.newInputStream(file)) {
                Files.copy(in, dest, StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }
}
