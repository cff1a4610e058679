package io.vexpress.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.Stage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TerminalProgressBarTest {
    private final AtomicLong clock = new AtomicLong();
    private final StringWriter text = new StringWriter();

    private TerminalProgressBar bar(boolean interactive) {
        return bar(interactive, 120);
    }

    private TerminalProgressBar bar(boolean interactive, int columns) {
        return new TerminalProgressBar(new PrintWriter(text, true), interactive, clock::get, () -> columns);
    }

    /** Everything drawn between carriage returns and newlines: each is one state of the terminal's line. */
    private List<String> drawnLines() {
        return Arrays.stream(text.toString().split("[\\r\\n]")).filter(l -> !l.isEmpty()).toList();
    }

    @ParameterizedTest(name = "{0} columns")
    @ValueSource(ints = {60, 80})
    void everyRedrawFitsTheTerminalSoNothingWraps(int columns) {
        TerminalProgressBar bar = bar(true, columns);
        bar.onEvent(new ProgressEvent.StageStarted(Stage.LOAD_MODELS));
        bar.onEvent(new ProgressEvent.StageFinished(Stage.LOAD_MODELS, Duration.ofMillis(1500)));
        bar.onEvent(new ProgressEvent.StageStarted(Stage.DENOISING));
        for (int step = 1; step <= 25; step++) {
            for (int w = 1; w <= 450; w += 49) {
                clock.addAndGet(3_000_000_000L); // slow: an ETA of hours, the longest clock text
                bar.onEvent(new ProgressEvent.DenoisingStep(step, 25, w, 450));
            }
        }
        bar.onEvent(new ProgressEvent.StageFinished(Stage.DENOISING, Duration.ofHours(2)));
        bar.onEvent(new ProgressEvent.StageStarted(Stage.DECODING_AND_ENCODING));
        for (int f = 1; f <= 9000; f += 997) {
            clock.addAndGet(200_000_000L);
            bar.onEvent(new ProgressEvent.FramesEncoded(f, 9000));
        }
        bar.finish();
        List<String> lines = drawnLines();
        assertTrue(lines.size() > 20, text::toString);
        for (String line : lines) {
            assertTrue(line.length() <= columns - 1, line.length() + " > " + (columns - 1) + ": '" + line + "'");
        }
        // what fits stays: the percentage and the time left at both widths, the step at 80
        String denoising = lines.stream().filter(l -> l.startsWith("Denoising") && l.contains("ETA")).findFirst().orElseThrow();
        assertTrue(denoising.matches(".*\\d+%.*ETA \\d+:\\d\\d:\\d\\d$"), denoising);
        if (columns == 80) {
            assertTrue(denoising.contains("step ") && denoising.contains("["), denoising);
        }
    }

    @Test
    void aVeryNarrowTerminalStillGetsOneUnwrappedLine() {
        TerminalProgressBar bar = bar(true, 20);
        bar.onEvent(new ProgressEvent.StageStarted(Stage.DECODING_AND_ENCODING));
        bar.onEvent(new ProgressEvent.FramesEncoded(3, 10));
        bar.onEvent(new ProgressEvent.StageFinished(Stage.DECODING_AND_ENCODING, Duration.ofSeconds(2)));
        drawnLines().forEach(l -> assertTrue(l.length() <= 19, l));
    }

    @Test
    void showsStepWindowPercentageAndEtaFromElapsedTime() {
        TerminalProgressBar bar = bar(true);
        bar.onEvent(new ProgressEvent.StageStarted(Stage.DENOISING));
        clock.addAndGet(30_000_000_000L); // 30 s for a quarter of the work: 90 s left
        bar.onEvent(new ProgressEvent.DenoisingStep(2, 4, 1, 2)); // (1*2+1)/8 = 37.5 %
        String line = bar.line(clock.get());
        assertTrue(line.startsWith("Denoising"), line);
        assertTrue(line.contains(" 37%"), line);
        assertTrue(line.contains("step 2/4  window 1/2"), line);
        // 30 s / 0.375 * 0.625 = 50 s left
        assertTrue(line.endsWith("ETA 0:50"), line);
        assertEquals(TerminalProgressBar.BAR_WIDTH, line.substring(line.indexOf('[') + 1, line.indexOf(']')).length());
    }

    @Test
    void interactiveRedrawsInPlaceAndKeepsOneLinePerFinishedStage() {
        TerminalProgressBar bar = bar(true);
        bar.onEvent(new ProgressEvent.StageStarted(Stage.LOAD_MODELS));
        clock.addAndGet(1_500_000_000L);
        bar.onEvent(new ProgressEvent.StageFinished(Stage.LOAD_MODELS, Duration.ofMillis(1500)));
        bar.onEvent(new ProgressEvent.StageStarted(Stage.DENOISING));
        for (int step = 1; step <= 10; step++) {
            clock.addAndGet(200_000_000L);
            bar.onEvent(new ProgressEvent.DenoisingStep(step, 10, 1, 1));
        }
        bar.onEvent(new ProgressEvent.StageFinished(Stage.DENOISING, Duration.ofSeconds(2)));
        String[] lines = text.toString().split("\n");
        assertEquals(2, lines.length, text::toString);
        assertTrue(lines[0].endsWith("Loading models     done in 1.5 s"), lines[0]);
        assertTrue(lines[1].contains("step 5/10"), "redrawn in place: " + lines[1]);
        assertTrue(lines[1].trim().endsWith("Denoising          done in 2.0 s"), lines[1]);
    }

    @Test
    void nonInteractivePrintsPlainLinesEveryTenth() {
        TerminalProgressBar bar = bar(false);
        bar.onEvent(new ProgressEvent.StageStarted(Stage.DENOISING));
        for (int step = 1; step <= 25; step++) {
            for (int w = 1; w <= 4; w++) {
                bar.onEvent(new ProgressEvent.DenoisingStep(step, 25, w, 4));
            }
        }
        String out = text.toString();
        assertTrue(!out.contains("\r"), "no carriage returns in a log");
        long progressLines = out.lines().filter(l -> l.contains("step ")).count();
        assertEquals(11, progressLines, out); // 0 %, 10 %, ..., 100 %
    }

    @Test
    void warningsGetTheirOwnLine() {
        TerminalProgressBar bar = bar(false);
        bar.onEvent(new ProgressEvent.Warning("Fps 60.0 is outside the recommended 24-30."));
        assertEquals("warning: Fps 60.0 is outside the recommended 24-30.", text.toString().strip());
    }

    @Test
    void clockFormatsMinutesAndHours() {
        assertEquals("0:05", TerminalProgressBar.clock(5_000_000_000L));
        assertEquals("2:05", TerminalProgressBar.clock(125_000_000_000L));
        assertEquals("1:00:01", TerminalProgressBar.clock(3_601_000_000_000L));
    }
}
