package io.vexpress.examples;

import io.vexpress.CancellationToken;
import io.vexpress.GenerationCancelledException;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.TalkingHeadGenerator;
import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.ProgressListener;
import java.nio.file.Files;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Shows progress and cancels: the generation runs on a worker thread and reports each stage and
 * denoising step; the main thread gives it a time budget and cancels it when the budget runs out,
 * as a "Stop" button would. A cancelled generation leaves no output file.
 *
 * <pre>java -cp vexpress.jar io.vexpress.examples.ProgressAndCancellationExample [models ref.jpg aud.mp3 kps.pth out.mp4]</pre>
 */
public final class ProgressAndCancellationExample {
    private ProgressAndCancellationExample() {
    }

    public static void main(String[] args) throws InterruptedException {
        ExampleInputs in = ExampleInputs.fromArgs(args, "progress-and-cancellation.mp4");
        Optional<GenerationResult> result = run(in, 60);
        System.out.println(result.isPresent() ? "Finished: " + in.output() : "Cancelled; no file was written.");
    }

    /**
     * Generates with a time budget.
     *
     * @param budgetSeconds cancel after this long
     * @return the result, or empty when the budget ran out and the generation was cancelled
     */
    public static Optional<GenerationResult> run(ExampleInputs in, double budgetSeconds) throws InterruptedException {
        ProgressListener printer = event -> {
            if (event instanceof ProgressEvent.StageStarted s) {
                System.out.println("stage " + s.stage());
            } else if (event instanceof ProgressEvent.DenoisingStep d) {
                System.out.printf(Locale.ROOT, "  step %d/%d, window %d/%d (%.0f%%)%n",
                        d.step(), d.steps(), d.window(), d.windows(), 100 * d.fraction());
            }
        };
        CancellationToken cancellation = new CancellationToken();
        ExecutorService worker = Executors.newSingleThreadExecutor();
        try (TalkingHeadGenerator generator = TalkingHeadGenerator.builder().setModelBundle(in.models()).build()) {
            GenerationRequest.Builder request = GenerationRequest.builder()
                    .setReferenceImage(in.referenceImage())
                    .setAudio(in.audio())
                    .optSteps(in.steps())
                    .setOutput(in.output());
            in.referenceKeypoints().ifPresent(request::optReferenceKeypoints);
            GenerationRequest built = request.build();
            Future<GenerationResult> running = worker.submit(() -> generator.generate(built, printer, cancellation));
            try {
                return Optional.of(running.get((long) (budgetSeconds * 1000), TimeUnit.MILLISECONDS));
            } catch (TimeoutException outOfTime) {
                cancellation.cancel(); // the generation stops within about one model call
                try {
                    running.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof GenerationCancelledException)) {
                        throw new IllegalStateException(e.getCause());
                    }
                }
                if (Files.exists(in.output())) {
                    throw new IllegalStateException("a cancelled generation left " + in.output() + " behind");
                }
                return Optional.empty();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
        } finally {
            worker.shutdownNow();
        }
    }
}
