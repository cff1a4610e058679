package io.vexpress.media.ffmpeg;

import java.util.concurrent.atomic.AtomicBoolean;
import org.bytedeco.javacpp.Pointer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps JavaCPP's physical-memory guard from refusing FFmpeg memory that ONNX Runtime owns.
 *
 * <p>Before every native allocation JavaCPP compares the process's resident memory (on Linux the resident
 * minus the shared pages of {@code /proc/self/statm}) with {@code org.bytedeco.javacpp.maxPhysicalBytes},
 * which defaults to {@code maxBytes + 3 x -Xmx} = 4 x {@code -Xmx}; above it, it calls {@code System.gc()} up
 * to ten times and then throws {@code OutOfMemoryError: Physical memory usage is too high}. In this SDK the
 * resident memory is mostly ONNX Runtime's weights and activations, which no garbage collection can free, so
 * with real models that check refuses the encoder its frames after all the denoising work (a 17 GB process
 * with {@code -Xmx4g}). This sets {@code org.bytedeco.javacpp.maxPhysicalBytes=0} (JavaCPP's documented way to
 * turn the check off) unless the user set it. JavaCPP's own accounting stays: memory it allocates itself is
 * still limited by {@code org.bytedeco.javacpp.maxBytes} (default {@code -Xmx}), which ONNX Runtime does not touch.
 *
 * <p>The properties are read once, when JavaCPP's {@code Pointer} class initialises; every class of this
 * module that loads JavaCPP calls {@link #configure()} first. When other code loaded JavaCPP earlier, a log line
 * says that its guard stays on.
 */
public final class JavaCppMemoryGuard {
    /** JavaCPP's system property for the resident-memory limit (its lower-case spelling is read too). */
    public static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";
    private static final AtomicBoolean CONFIGURED = new AtomicBoolean();
    private static final Logger LOG = LoggerFactory.getLogger(JavaCppMemoryGuard.class);

    private JavaCppMemoryGuard() {
    }

    /** Sets the property once per JVM (before JavaCPP reads it) unless the user chose a value. */
    public static void configure() {
        if (!CONFIGURED.compareAndSet(false, true)) {
            return;
        }
        boolean userChose = System.getProperty(MAX_PHYSICAL_BYTES) != null
                || System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") != null;
        if (userChose) {
            return;
        }
        System.setProperty(MAX_PHYSICAL_BYTES, "0");
        long limit = Pointer.maxPhysicalBytes();
        if (limit > 0) {
            LOG.info("JavaCPP was loaded before vexpress-media could configure it: it refuses native allocations once this"
                    + " process is resident above {} MB (ONNX Runtime's memory included). Start the JVM with -D{}=0 to avoid"
                    + " that.", limit >> 20, MAX_PHYSICAL_BYTES);
        }
    }
}
