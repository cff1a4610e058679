package io.vexpress.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * What ONNX Runtime does with a run's memory under the engine's session options, measured as resident memory
 * in a child JVM (ArenaReleaseProbe: one run that allocates 256 MiB inside ONNX Runtime).
 */
@EnabledOnOs(OS.LINUX) // reads /proc/self/status
class NativeMemoryReleaseTest {
    private static final long MIB = 1L << 20;

    @Test
    void withTheDefaultOptionsARunGivesItsMemoryBackWhenItEnds() throws Exception {
        Map<String, Long> m = probe("-Dvexpress.ort.cpuArena=false");
        assertTrue(m.get("peak") - m.get("before") > 200 * MIB, "the run allocated its 256 MiB: " + m);
        assertTrue(m.get("afterKeep") - m.get("before") < 64 * MIB, "and nothing of it is resident afterwards: " + m);
        assertEquals(0, m.get("shrinks"), "no arena, nothing to shrink");
    }

    @Test
    void withTheCpuArenaTheLastRunOfAStageShrinksIt() throws Exception {
        Map<String, Long> m = probe("-Dvexpress.ort.cpuArena=true");
        assertTrue(m.get("afterKeep") - m.get("before") > 200 * MIB, "the arena keeps a run's memory: " + m);
        assertTrue(m.get("afterKeep") - m.get("afterShrink") > 200 * MIB, "the shrinking run gives it back: " + m);
        assertEquals(1, m.get("shrinks"));
    }

    private static Map<String, Long> probe(String arena) throws Exception {
        ChildJvm.Outcome o = ChildJvm.run(List.of("-Xmx64m", arena), ArenaReleaseProbe.class, "256");
        assertEquals(0, o.exitCode(), o.output());
        String line = o.line("before=");
        assertTrue(line != null, o.output());
        Map<String, Long> m = new HashMap<>();
        for (String word : ("before=" + line).trim().split(" ")) {
            String[] kv = word.split("=");
            m.put(kv[0], kv[1].equals("true") ? 1L : kv[1].equals("false") ? 0L : Long.parseLong(kv[1]));
        }
        return m;
    }
}
