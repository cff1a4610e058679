package io.vexpress.examples.demo;

import java.nio.file.Path;

/**
 * The demo inputs with the speech cut to a short clip, so that end-to-end tests generate few frames:
 * 0.2 s at 30 fps gives 6 frames (one short window); 1.2 s gives 36, which V-Express's timing turns into
 * one window of 24.
 */
public final class ShortDemo {
    private ShortDemo() {
    }

    /** Creates the demo inputs in {@code folder} with {@code seconds} of speech. */
    public static DemoAssets create(Path folder, double seconds) {
        return DemoAssets.create(folder, 30, seconds);
    }
}
