package io.vexpress.examples.demo;

import java.nio.file.Path;

/** Test access to the tiny bundle the jar ships. */
public final class TinyBundle {
    private TinyBundle() {
    }

    /** Copies the tiny bundle to {@code folder} and returns it. */
    public static Path copyTo(Path folder) {
        DemoAssets.copyTinyBundle(folder);
        return folder;
    }
}
