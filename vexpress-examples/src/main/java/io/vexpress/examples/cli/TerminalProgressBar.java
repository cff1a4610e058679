package io.vexpress.examples.cli;

import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.ProgressListener;
import io.vexpress.progress.Stage;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * A one-line progress bar on standard error: stage, percentage, denoising step i/n and window j/m, and
 * the time left in the stage. On a terminal the line is redrawn in place (at most ten times a second)
 * and each finished stage keeps its own line with its duration; when standard error is a file or a pipe,
 * it prints plain lines instead: stage starts and ends and every tenth of a long stage.
 *
 * <p>The redrawn line always fits the terminal's width ({@link TerminalWidth}), one column short of it so that no
 * terminal wraps it: as the width shrinks, the bar narrows, the detail shortens ("step 2/4") and then goes, then
 * the bar, and at last the stage name is cut.
 */
public final class TerminalProgressBar implements ProgressListener {
    static final int BAR_WIDTH = 24;
    /** The narrowest bar worth drawing. */
    static final int MIN_BAR_WIDTH = 8;
    static final int LABEL_WIDTH = 18;
    private static final long REDRAW_INTERVAL_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean interactive;
    private final LongSupplier nanoTime;
    private final IntSupplier columns;

    private String task;
    private long stageStart;
    private double fraction = -1;
    private String detail = "";
    private String shortDetail = "";
    private long lastDraw = Long.MIN_VALUE;
    private int lastLineLength;
    private int lastTenth = -1;

    /**
     * @param err where to draw (standard error)
     * @param interactive redraw one line in place (a terminal) or print lines (a log)
     * @param nanoTime the clock, {@link System#nanoTime()} outside tests
     * @param columns the terminal's width in columns, asked before each redraw
     */
    public TerminalProgressBar(PrintWriter err, boolean interactive, LongSupplier nanoTime, IntSupplier columns) {
        this.err = err;
        this.interactive = interactive;
        this.nanoTime = nanoTime;
        this.columns = columns;
    }

    /** A bar for a terminal of the width {@link TerminalWidth} finds. */
    public TerminalProgressBar(PrintWriter err, boolean interactive, LongSupplier nanoTime) {
        this(err, interactive, nanoTime, TerminalWidth::columns);
    }

    @Override
    public void onEvent(ProgressEvent event) {
        if (event instanceof ProgressEvent.StageStarted s) {
            startTask(label(s.stage()));
        } else if (event instanceof ProgressEvent.StageFinished s) {
            finishTask(label(s.stage()), s.elapsed().toNanos());
        } else if (event instanceof ProgressEvent.DenoisingStep d) {
            progress(d.fraction(), String.format(Locale.ROOT, "step %d/%d  window %d/%d", d.step(), d.steps(), d.window(), d.windows()),
                    String.format(Locale.ROOT, "step %d/%d", d.step(), d.steps()));
        } else if (event instanceof ProgressEvent.FramesEncoded f) {
            progress(f.totalFrames() == 0 ? 1 : (double) f.frames() / f.totalFrames(),
                    String.format(Locale.ROOT, "frame %d/%d", f.frames(), f.totalFrames()),
                    String.format(Locale.ROOT, "%d/%d", f.frames(), f.totalFrames()));
        } else if (event instanceof ProgressEvent.Warning w) {
            warning(w.message());
        }
    }

    /** Starts a task (a stage) called {@code name}; its progress is unknown until {@link #progress}. */
    public void startTask(String name) {
        long now = nanoTime.getAsLong();
        task = name;
        stageStart = now;
        fraction = -1;
        detail = "";
        shortDetail = "";
        lastTenth = -1;
        if (interactive) {
            draw(now, true);
        } else {
            println(name + " ...");
        }
    }

    /** Reports the current task's progress, {@code fraction} in [0, 1], with a detail such as "frame 3/10". */
    public void progress(double newFraction, String newDetail) {
        progress(newFraction, newDetail, newDetail);
    }

    /** As {@link #progress(double, String)}, with a shorter form of the detail for narrow terminals. */
    public void progress(double newFraction, String newDetail, String newShortDetail) {
        update(nanoTime.getAsLong(), newFraction, newDetail, newShortDetail);
    }

    /** Ends the current task, keeping a line that says how long it took. */
    public void finishTask(String name, long elapsedNanos) {
        String done = String.format(Locale.ROOT, "%-18s done in %s", name, seconds(elapsedNanos));
        if (interactive) {
            replaceLine(cut(done, maxLength()));
            err.println();
            lastLineLength = 0;
            err.flush();
        } else {
            println(done);
        }
        task = null;
    }

    /** Ends the current task, measuring its duration from {@link #startTask}. */
    public void finishTask() {
        if (task != null) {
            finishTask(task, nanoTime.getAsLong() - stageStart);
        }
    }

    /** Shows a warning on its own line, above the bar. */
    public void warning(String message) {
        if (interactive && lastLineLength > 0) {
            replaceLine("");
            err.print('\r');
            lastLineLength = 0;
        }
        println("warning: " + message);
        if (interactive && task != null) {
            draw(nanoTime.getAsLong(), true);
        }
    }

    private void update(long now, double newFraction, String newDetail, String newShortDetail) {
        fraction = Math.max(0, Math.min(1, newFraction));
        detail = newDetail;
        shortDetail = newShortDetail;
        if (interactive) {
            draw(now, fraction >= 1);
        } else {
            int tenth = (int) Math.floor(fraction * 10);
            if (tenth > lastTenth) {
                lastTenth = tenth;
                println(line(now));
            }
        }
    }

    private void draw(long now, boolean force) {
        if (task == null || (!force && now - lastDraw < REDRAW_INTERVAL_NANOS)) {
            return;
        }
        lastDraw = now;
        replaceLine(line(now));
        err.flush();
    }

    /** The bar's text for the current state, fitted to the terminal's width; package-private for tests. */
    String line(long now) {
        return line(now, interactive ? maxLength() : Integer.MAX_VALUE);
    }

    /** The longest line that does not wrap: one column short of the terminal's width. */
    private int maxLength() {
        return Math.max(1, columns.getAsInt() - 1);
    }

    /** The bar's text for the current state in at most {@code max} characters. */
    String line(long now, int max) {
        long elapsed = now - stageStart;
        String label = String.format(Locale.ROOT, "%-" + LABEL_WIDTH + "s", task);
        if (fraction < 0) {
            return cut(label + " ... " + clock(elapsed), max);
        }
        String percent = String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100));
        String time = fraction > 0 && fraction < 1 ? "ETA " + clock((long) (elapsed / fraction * (1 - fraction))) : clock(elapsed);
        // From the fullest form down: each drops or shortens what matters least.
        String[][] forms = {
            {detail, "bar"}, {shortDetail, "bar"}, {"", "bar"}, {shortDetail, ""}, {"", ""},
        };
        for (String[] form : forms) {
            boolean withBar = !form[1].isEmpty();
            String text = compose(label, percent, form[0], time, withBar ? BAR_WIDTH : 0);
            if (text.length() <= max) {
                return text;
            }
            if (withBar) {
                int bar = BAR_WIDTH - (text.length() - max);
                if (bar >= MIN_BAR_WIDTH) {
                    return compose(label, percent, form[0], time, bar);
                }
            }
        }
        String trimmed = compose(task, percent, "", time, 0);
        return cut(trimmed, max);
    }

    private String compose(String label, String percent, String detailText, String time, int barWidth) {
        StringBuilder sb = new StringBuilder(96).append(label);
        if (barWidth > 0) {
            int filled = (int) Math.round(fraction * barWidth);
            sb.append(" [");
            for (int i = 0; i < barWidth; i++) {
                sb.append(i < filled ? '=' : i == filled ? '>' : ' ');
            }
            sb.append(']');
        }
        sb.append(' ').append(percent);
        if (!detailText.isEmpty()) {
            sb.append("  ").append(detailText);
        }
        return sb.append("  ").append(time).toString();
    }

    /** {@code text} cut to {@code max} characters (the end dropped). */
    static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }

    private void replaceLine(String text) {
        err.print('\r');
        err.print(text);
        // Blank what is left of a longer previous line, but never past the width (a narrowed terminal would wrap).
        int blankTo = Math.min(lastLineLength, maxLength());
        for (int i = text.length(); i < blankTo; i++) {
            err.print(' ');
        }
        lastLineLength = text.length();
    }

    private void println(String text) {
        err.println(text);
        err.flush();
    }

    /** A stage's name for people. */
    static String label(Stage stage) {
        if (stage == null) {
            return "";
        }
        return switch (stage) {
            case LOAD_INPUTS -> "Loading inputs";
            case LOAD_MODELS -> "Loading models";
            case REFERENCE -> "Reference image";
            case KEYPOINTS -> "Keypoints";
            case AUDIO -> "Audio features";
            case DENOISING -> "Denoising";
            case DECODING_AND_ENCODING -> "Decoding video";
        };
    }

    /** {@code m:ss} (or {@code h:mm:ss}). */
    static String clock(long nanos) {
        long s = Math.max(0, Math.round(nanos / 1e9));
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** Ends an unfinished line (after a failure mid-stage). */
    public void finish() {
        if (interactive && lastLineLength > 0) {
            err.println();
            err.flush();
            lastLineLength = 0;
        }
    }
}
