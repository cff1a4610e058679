package io.vexpress.examples.cli;

import io.vexpress.GenerationRequest;
import io.vexpress.core.runtime.BundleManifest;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.keypoints.FaceKeypointDetector;
import io.vexpress.media.FrameSink;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.video.Mp4Output;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code vexpress preview}: the retargeted V-Kps conditioning drawn over the reference image, side by
 * side with the driving keypoints, muxed with the audio, at exactly the length and frame rate
 * {@code generate} would produce. Needs no models.
 */
@Command(name = "preview", sortOptions = false, mixinStandardHelpOptions = true,
        description = {"Preview, in seconds and without models, the keypoint conditioning 'generate' would use:"
                + " the retargeted V-Kps over the reference image (left) and the driving keypoints (right),"
                + " with the audio, at the exact video length and fps of 'generate'.",
                "Takes the same flags as 'generate'; the model flags are accepted and ignored, except that a"
                        + " bundle's face_detector and its audio rate are used when --models names one."
                        + " Gives the warnings 'generate' would give about the inputs."},
        footer = ExitCodes.HELP_FOOTER)
final class PreviewCommand extends CliCommand {
    /** V-Express's audio encoder rate, used when no bundle says otherwise. */
    static final int DEFAULT_AUDIO_RATE = 16_000;

    @Mixin
    GenerationOptions options = new GenerationOptions();

    @Override
    int execute(Console console) {
        GenerationRequest request = options.toRequest();
        try (ModelsFolder models = ModelsFolder.openIfPresent(options.models).orElse(null)) {
            Optional<BundleManifest> bundle = Optional.ofNullable(models).map(m -> BundleManifest.read(m.folder()));
            bundle.ifPresent(options.inferencePy::checkAgainst);
            return preview(console, request, bundle);
        }
    }

    private int preview(Console console, GenerationRequest request, Optional<BundleManifest> bundle) {
        Optional<TerminalProgressBar> bar = console.bar();
        List<String> warnings = new ArrayList<>(options.flagWarnings());
        Consumer<String> warn = w -> {
            if (!warnings.contains(w)) {
                warnings.add(w);
                bar.ifPresentOrElse(b -> b.warning(w), () -> console.warning(w));
            }
        };
        warnings.forEach(w -> bar.ifPresentOrElse(b -> b.warning(w), () -> console.warning(w)));
        request.warnings().forEach(warn);
        FaceKeypointDetector[] opened = new FaceKeypointDetector[1];
        try {
            bar.ifPresent(b -> b.startTask("Loading inputs"));
            int audioRate = bundle.map(BundleManifest::audioSampleRate).orElse(options.inferencePy.audioRate(DEFAULT_AUDIO_RATE));
            ConditioningPreview preview = ConditioningPreview.of(request, () -> opened[0] = openDetector(bundle, warn),
                    audioRate, warn);
            bar.ifPresent(TerminalProgressBar::finishTask);
            int frames = preview.timing().frames();
            VideoFormat format = new VideoFormat(preview.width(), preview.height(), preview.timing().fps(), frames,
                    request.audioPath(), request.audioPath().isPresent() ? Optional.empty() : request.audio());
            bar.ifPresent(b -> b.startTask("Rendering preview"));
            try (CtrlCCancellation ctrlC = CtrlCCancellation.install();
                 FrameSink sink = new Mp4Output(options.output).open(format)) {
                preview.render(sink, done -> {
                    ctrlC.token().throwIfCancelled();
                    bar.ifPresent(b -> b.progress((double) done / frames, "frame " + done + "/" + frames));
                });
                sink.commit();
            }
            bar.ifPresent(TerminalProgressBar::finishTask);
            report(console, preview, warnings);
            return ExitCodes.OK;
        } finally {
            bar.ifPresent(TerminalProgressBar::finish);
            if (opened[0] != null) {
                opened[0].close();
            }
        }
    }

    private void report(Console console, ConditioningPreview preview, List<String> warnings) {
        Path out = options.output.toAbsolutePath();
        String strategy = options.strategy().snakeCaseName();
        String summary = String.format(Locale.ROOT, "Wrote preview %s: %d frames at %.3f fps (%.2f s of audio),"
                        + " retarget strategy %s; 'generate' with the same flags makes a video of exactly this length and fps.",
                out, preview.timing().frames(), preview.timing().fps(), preview.audioSeconds(), strategy);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("output_path", out.toString());
        fields.put("frames", preview.timing().frames());
        fields.put("fps", preview.timing().fps());
        fields.put("audio_seconds", preview.audioSeconds());
        fields.put("retarget_strategy", strategy);
        fields.put("warnings", warnings);
        console.result(summary, fields);
    }

    /** SCRFD from --face_detector, --insightface_model_path or the bundle, else the cascade fallback. */
    private FaceKeypointDetector openDetector(Optional<BundleManifest> bundle, Consumer<String> warnings) {
        Path scrfd = options.faceDetectorModel().orElse(null);
        if (scrfd == null && bundle.isPresent() && bundle.get().has(ModelComponent.FACE_DETECTOR)) {
            scrfd = bundle.get().models().get(ModelComponent.FACE_DETECTOR);
        }
        return FaceDetectors.open(scrfd, options.device(), 0, 0, warnings);
    }
}
