package io.vexpress.examples.cli;

import io.vexpress.InsufficientMemoryException;
import io.vexpress.InsufficientMemoryException.Remedy;
import java.util.List;

/**
 * The one-line message of an {@link InsufficientMemoryException} in the command line's words: the SDK's
 * description of what did not fit, then what to change as flags of this tool and options of the {@code java}
 * command that starts it.
 */
final class MemoryAdvice {
    private MemoryAdvice() {
    }

    static String message(InsufficientMemoryException e) {
        List<Remedy> remedies = e.remedies();
        StringBuilder s = new StringBuilder("not enough memory: ").append(e.problem());
        if (!remedies.isEmpty()) {
            s.append(" Try ");
            for (int i = 0; i < remedies.size(); i++) {
                if (i > 0) {
                    s.append(i == remedies.size() - 1 ? ", or " : ", ");
                }
                s.append(words(remedies.get(i), e));
            }
            s.append('.');
        }
        return s.toString();
    }

    private static String words(Remedy r, InsufficientMemoryException e) {
        return switch (r) {
            case RELEASE_AFTER_STAGE -> "--save_gpu_memory (one model loaded at a time)";
            case SMALLER_SIZE -> "a smaller --width/--height";
            case FEWER_CONTEXT_FRAMES -> "fewer --context_frames";
            case SHORTER_AUDIO -> "a shorter --audio_path";
            case LARGER_HEAP -> "a larger heap (java -Xmx" + suggestedGigabytes(e) + "g -jar vexpress.jar)";
            case LARGER_DIRECT_MEMORY -> "more direct memory (java -XX:MaxDirectMemorySize=" + suggestedGigabytes(e) + "g -jar vexpress.jar)";
            case JAVACPP_LIMITS -> "turning JavaCPP's resident-memory check off (java -Dorg.bytedeco.javacpp.maxPhysicalBytes=0"
                    + " -jar vexpress.jar)";
            case HALF_PRECISION -> "--dtype fp16 with a bundle exported with fp16 weights";
            case FREE_MEMORY -> "closing other programs that use memory";
        };
    }

    /** Gigabytes to suggest for a JVM limit: what was needed with a quarter more, at least one more than now. */
    private static long suggestedGigabytes(InsufficientMemoryException e) {
        long gib = 1L << 30;
        long needed = e.requiredBytes().orElse(0);
        long now = e.availableBytes().orElse(0);
        long want = Math.max(needed + needed / 4, now + gib);
        return Math.max(1, (want + gib - 1) / gib);
    }
}
