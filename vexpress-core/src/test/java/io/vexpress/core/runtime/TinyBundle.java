package io.vexpress.core.runtime;

import io.vexpress.Device;
import io.vexpress.GeneratorConfig;
import io.vexpress.MemoryMode;
import io.vexpress.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** The committed tiny contract bundle (tools/tiny-models/make_tiny_bundle.py) for tests. */
public final class TinyBundle {
    private TinyBundle() {
    }

    /** The bundle folder on the test class path. */
    public static Path folder() {
        return resource("tiny-bundle");
    }

    /** A test resource folder or file. */
    public static Path resource(String name) {
        try {
            var url = TinyBundle.class.getClassLoader().getResource(name);
            if (url == null) {
                throw new IllegalStateException("test resource " + name + " missing; run tools/tiny-models/make_tiny_bundle.py");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A generator config for the tiny bundle on the CPU with two threads. */
    public static GeneratorConfig config(Path bundle, Device device, MemoryMode mode) {
        return new GeneratorConfig(bundle, device, Precision.FP32, mode, 2, Optional.empty(), Optional.empty());
    }

    /** Copies the tiny bundle into {@code target} so a test can break it. */
    public static Path copyTo(Path target) {
        try (Stream<Path> files = Files.list(folder())) {
            Files.createDirectories(target);
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.isRegularFile(f)) {
                    Files.copy(f, target.resolve(f.getFileName().toString()));
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
