package io.vexpress.core.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.core.memory.ChildJvm;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every way the JVM runs out of memory during a generation ends as an InsufficientMemoryException naming the
 * pool and the JVM option to change: found by the estimate before any model runs, or converted from the real
 * OutOfMemoryError. Each case is a tiny-bundle generation (MemoryFailureProbe) in a child JVM with small limits.
 */
class OutOfMemoryConversionTest {

    @Test
    void aRealHeapOutOfMemoryErrorBecomesTheException() throws Exception {
        // 120 s of audio in a 24 MB heap: the waveform copies do not fit while the inputs load
        String r = probe(List.of("-Xmx24m", "-XX:MaxDirectMemorySize=1g", "-Dvexpress.memoryCheck=false"), "64", "120");
        assertTrue(r.startsWith("InsufficientMemoryException pool=JAVA_HEAP estimated=false"), r);
        assertTrue(r.contains("Java heap space"), r);
    }

    @Test
    void theEstimateRefusesDirectBuffersAboveMaxDirectMemorySize() throws Exception {
        String r = probe(List.of("-XX:MaxDirectMemorySize=24m"), "512", "2");
        assertTrue(r.startsWith("InsufficientMemoryException pool=DIRECT_BUFFERS estimated=true stages=LOAD_INPUTS |"), r);
        assertTrue(r.contains("-XX:MaxDirectMemorySize"), r);
    }

    @Test
    void aRealDirectBufferOutOfMemoryErrorBecomesTheException() throws Exception {
        String r = probe(List.of("-XX:MaxDirectMemorySize=24m", "-Dvexpress.memoryCheck=false"), "512", "2");
        assertTrue(r.startsWith("InsufficientMemoryException pool=DIRECT_BUFFERS estimated=false"), r);
        assertTrue(r.contains("Cannot reserve") && r.contains("limit: 25165824"), r);
    }

    @Test
    void theDirectBufferEstimateMatchesWhatAGenerationAllocates() throws Exception {
        ChildJvm.Outcome o = ChildJvm.run(List.of("-Xmx256m"), MemoryFailureProbe.class, "512", "2");
        assertEquals("ok", o.line("RESULT "), o.output());
        String[] words = o.line("DIRECT ").split(" ");
        long measured = Long.parseLong(words[0].substring("measured=".length()));
        long estimated = Long.parseLong(words[1].substring("estimated=".length()));
        double ratio = estimated / (double) measured;
        assertTrue(ratio > 0.8 && ratio < 1.5, "estimate " + estimated + " vs the sampled peak " + measured
                + " of the direct buffer pool (512x512, one guided 24-frame window); update PeakMemoryEstimator.directBytes"
                + " when the engine's buffers change");
    }

    @Test
    void theEstimateCountsPasteBacksPhotoSizedBuffers() throws Exception {
        // a 4001x3001 photo (34 MiB, held by the request; 69 MiB while RgbImage.black copies it) fits a 112 MB heap
        // for a face crop; pasting back into it needs a photo-sized frame, a copy of the odd-sized photo and the
        // 2,000x2,000 pixels under the crop (about 120 MiB in all): refused before any model runs
        // 112 MB: below paste-back's estimate (122 MB), and room enough that decoding the photo cannot run out of
        // heap before the check (at 96 MB G1's humongous regions for the photo sometimes did)
        List<String> jvm = List.of("-Xmx112m");
        assertEquals("ok", probe(jvm, "64", "1", "face_crop=4001x3001"));
        String r = probe(jvm, "64", "1", "paste_back=4001x3001");
        assertTrue(r.startsWith("InsufficientMemoryException pool=JAVA_HEAP estimated=true stages=LOAD_INPUTS |"), r);
        assertTrue(r.contains("photo-sized frame buffers of paste-back") && r.contains("optPasteBack(false)"), r);
        // the refusal is right: without the check the same generation runs out of heap
        String unchecked = probe(List.of("-Xmx112m", "-Dvexpress.memoryCheck=false"), "64", "1",
                "paste_back=4001x3001");
        assertTrue(unchecked.startsWith("InsufficientMemoryException pool=JAVA_HEAP estimated=false"), unchecked);
    }

    private static String probe(List<String> jvm, String... args) throws Exception {
        ChildJvm.Outcome o = ChildJvm.run(jvm, MemoryFailureProbe.class, args);
        String r = o.line("RESULT ");
        assertTrue(r != null, o.output());
        return r;
    }
}
