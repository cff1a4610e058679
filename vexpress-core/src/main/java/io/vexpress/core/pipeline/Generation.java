package io.vexpress.core.pipeline;

import io.vexpress.CancellationToken;
import io.vexpress.Device;
import io.vexpress.GenerationRequest;
import io.vexpress.GenerationResult;
import io.vexpress.GeneratorConfig;
import io.vexpress.MemoryMode;
import io.vexpress.Precision;
import io.vexpress.SchedulerType;
import io.vexpress.core.attention.AttentionPlan;
import io.vexpress.core.denoise.ClassifierFreeGuidance;
import io.vexpress.core.denoise.ContextWindows;
import io.vexpress.core.denoise.MeanOverlapSampler;
import io.vexpress.core.image.PasteBack;
import io.vexpress.core.denoise.WindowDispatcher;
import io.vexpress.core.memory.MemoryCheck;
import io.vexpress.core.memory.PeakMemoryEstimator;
import io.vexpress.core.memory.ProcessMemory;
import io.vexpress.core.noise.TorchGenerator;
import io.vexpress.core.postprocess.FrameOutputPipeline;
import io.vexpress.core.runtime.ModelBundle;
import io.vexpress.core.runtime.ModelComponent;
import io.vexpress.core.runtime.ModelSession;
import io.vexpress.core.runtime.ModelSessions;
import io.vexpress.core.runtime.RunControl;
import io.vexpress.core.scheduler.DdimScheduler;
import io.vexpress.core.scheduler.DiffusionScheduler;
import io.vexpress.core.scheduler.DpmSolverMultistepScheduler;
import io.vexpress.core.scheduler.SchedulerConfig;
import io.vexpress.core.tensor.FloatTensor;
import java.util.ArrayList;
import java.util.List;
import io.vexpress.media.DecodedFrameObserver;
import io.vexpress.media.FrameSink;
import io.vexpress.media.VideoFormat;
import io.vexpress.media.VideoOutput;
import io.vexpress.progress.ProgressEvent;
import io.vexpress.progress.ProgressListener;
import io.vexpress.progress.Stage;
import io.vexpress.spi.Services;
import io.vexpress.spi.VideoEncoder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One generation, stage by stage, as V-Express's {@code inference.py} and {@code VExpressPipeline.__call__}:
 * inputs → reference features → keypoint conditioning → audio tokens → denoising loop → VAE decode →
 * post-filter → sink (the last three pipelined on threads, {@link FrameOutputPipeline}). Single use.
 */
final class Generation {
    private static final Logger LOG = LoggerFactory.getLogger(Generation.class);

    private final GeneratorConfig config;
    private final ModelBundle bundle;
    private final ReferenceFaceFinder faces;
    private final GenerationRequest request;
    private final ProgressReporter progress;
    private final CancellationToken token;
    private final FrameTiming frameTiming;
    private DenoisingStats stats;

    Generation(GeneratorConfig config, ModelBundle bundle, ReferenceFaceFinder faces, GenerationRequest request,
               ProgressListener listener, CancellationToken token, FrameTiming frameTiming) {
        this.config = config;
        this.bundle = bundle;
        this.faces = faces;
        this.request = request;
        this.progress = new ProgressReporter(listener);
        this.token = token;
        this.frameTiming = frameTiming;
    }

    GenerationResult run() {
        request.warnings().forEach(progress::warn);
        VideoOutput output = videoOutput();
        output.checkWritable();
        ModelSessions sessions = bundle.sessions();
        try (RunControl control = new RunControl(token, bundle.settings().arenaShrinkage())) {
            progress.begin(Stage.LOAD_INPUTS);
            ResolvedInputs inputs = InputResolver.resolve(request, bundle.manifest().audioSampleRate(),
                    image -> faces.find(image, image.width(), image.height(), progress::warn), frameTiming, progress::warn);
            VideoOutput destination = inputs.pasteBack().map(p -> p.wrap(output)).orElse(output);
            QuadraticAttentionWarning.check(bundle.unetAttention(), request.width(), request.height(),
                    Math.min(request.contextFrames(), inputs.timing().frames()),
                    ClassifierFreeGuidance.isGuided(request.guidanceScale()),
                    config.precision() == Precision.FP16).ifPresent(progress::warn);
            requireMemoryFits(inputs);
            token.throwIfCancelled();

            progress.begin(Stage.LOAD_MODELS);
            if (sessions.mode() == MemoryMode.KEEP_LOADED) {
                for (ModelComponent c : ModelComponent.values()) {
                    if (c.required()) {
                        sessions.acquire(c);
                    }
                }
                sessions.acquireOnEveryDevice(ModelComponent.DENOISING_UNET);
            }

            progress.begin(Stage.REFERENCE);
            ReferenceFeatures reference = ReferenceEncoder.encode(inputs.reference(), bundle, control);
            sessions.release(ModelComponent.VAE_ENCODER);
            sessions.release(ModelComponent.REFERENCE_NET);

            progress.begin(Stage.KEYPOINTS);
            KeypointImages keypoints = new KeypointImages(inputs.keypoints(), request.width(), request.height());

            progress.begin(Stage.AUDIO);
            int frames = inputs.timing().frames();
            AudioTokens audio = AudioConditioner.encode(inputs.waveform(), frames, bundle, control);
            sessions.release(ModelComponent.AUDIO_ENCODER);
            sessions.release(ModelComponent.AUDIO_PROJECTION);

            progress.begin(Stage.DENOISING);
            FloatTensor latents = denoise(inputs, reference, audio, keypoints, control);
            sessions.release(ModelComponent.DENOISING_UNET);

            progress.begin(Stage.DECODING_AND_ENCODING);
            decodeAndWrite(latents, inputs, destination);
            sessions.release(ModelComponent.VAE_DECODER);
            progress.end();
            return new GenerationResult(request.outputPath(), frames, inputs.timing().fps(), inputs.durationSeconds(),
                    progress.timings(), progress.warnings());
        } finally {
            if (sessions.mode() == MemoryMode.RELEASE_AFTER_STAGE) {
                sessions.close();
            }
        }
    }

    /** The denoising stage's statistics, once it ran. */
    DenoisingStats stats() {
        return stats;
    }

    private FloatTensor denoise(ResolvedInputs inputs, ReferenceFeatures reference, AudioTokens audio,
                                KeypointImages keypoints, RunControl control) {
        int frames = inputs.timing().frames();
        int lh = request.height() / 8;
        int lw = request.width() / 8;
        DiffusionScheduler scheduler = request.scheduler() == SchedulerType.DPM_SOLVER_MULTISTEP
                ? new DpmSolverMultistepScheduler(SchedulerConfig.VEXPRESS, request.steps())
                : new DdimScheduler(SchedulerConfig.VEXPRESS, request.steps());
        ContextWindows windows = ContextWindows.uniform(frames, request.contextFrames(), request.contextOverlap());
        AttentionPlan plan = request.attentionSchedule().isPresent()
                ? AttentionPlan.of(request.attentionSchedule().get(), request.steps())
                : AttentionPlan.constant(request.attentionWeights(), request.steps());
        if (request.attentionSchedule().isPresent()) {
            // Constant weights were checked with the request; a schedule's steps only now.
            plan.warnings().forEach(progress::warn);
        }
        MeanOverlapSampler sampler = new MeanOverlapSampler(scheduler, windows, request.guidanceScale(), plan);
        Precision stream = request.noisePrecision().orElse(config.precision());
        TorchGenerator generator = new TorchGenerator(request.seed(), stream);
        FloatTensor latents = FloatTensor.zeros(1, bundle.dimensions().latentChannels(), frames, lh, lw);
        generator.fillStandardNormal(latents);
        float sigma = scheduler.initNoiseSigma();
        if (sigma != 1f) {
            for (int i = 0, n = latents.size(); i < n; i++) {
                latents.set(i, latents.get(i) * sigma);
            }
        }
        // One denoiser per UNet session (one session per device); the window dispatcher spreads the windows.
        List<ModelSession> unets = bundle.sessions().acquireOnEveryDevice(ModelComponent.DENOISING_UNET);
        // the last call shrinks ONNX Runtime's arena; with several sessions no single one knows its last call
        long expectedCalls = unets.size() == 1 ? (long) scheduler.steps() * windows.count() : -1;
        List<OnnxDenoiser> denoisers = new ArrayList<>();
        try {
            for (ModelSession unet : unets) {
                denoisers.add(new OnnxDenoiser(unet, control, bundle.dimensions(), reference, audio, keypoints, lh, lw,
                        sampler.guided(), expectedCalls));
            }
            try (WindowDispatcher pool = new WindowDispatcher(denoisers)) {
                sampler.run(latents, pool, generator, (step, steps, window, count) ->
                        progress.emit(new ProgressEvent.DenoisingStep(step + 1, steps, window + 1, count)), token);
            }
            long calls = denoisers.stream().mapToLong(OnnxDenoiser::calls).sum();
            stats = new DenoisingStats(calls, denoisers.get(0).batch(), keypoints.drawnFrames());
            LOG.debug("Denoising: {}", stats);
        } finally {
            denoisers.forEach(OnnxDenoiser::close);
        }
        return latents;
    }

    private void decodeAndWrite(FloatTensor latents, ResolvedInputs inputs, VideoOutput output) {
        int frames = latents.frames();
        VideoFormat format = new VideoFormat(request.width(), request.height(), inputs.timing().fps(), frames,
                inputs.audioFile(), inputs.audioPcm());
        FrameOutputPipeline stages = FrameOutputPipeline.forThisMachine(request.width(), request.height(),
                request.medianFilter());
        DecodedFrameObserver observer = request.decodedFrameObserver().orElse(null);
        try (FrameSink sink = output.open(format);
             FrameDecoder decoder = new FrameDecoder(bundle, latents, token, request.width(), request.height())) {
            FrameOutputPipeline.FrameSource observed = new FrameOutputPipeline.FrameSource() {
                @Override
                public FloatBuffer decode(int frame) {
                    FloatBuffer pixels = decoder.decode(frame);
                    if (observer != null) {
                        observer.frameDecoded(frame, pixels.asReadOnlyBuffer()); // on the decoding thread, in frame order
                    }
                    return pixels;
                }

                @Override
                public void abort() {
                    decoder.abort();
                }
            };
            stages.run(frames, observed, sink, written -> progress.emit(new ProgressEvent.FramesEncoded(written, frames)),
                    token);
            token.throwIfCancelled();
            sink.commit();
        }
    }

    /** Fails now, before any model runs, when the generation's estimated peak memory does not fit (docs/pipeline.md). */
    private void requireMemoryFits(ResolvedInputs inputs) {
        if (!MemoryCheck.enabled()) {
            return;
        }
        int frames = inputs.timing().frames();
        var shape = new PeakMemoryEstimator.GenerationShape(request.width(), request.height(), frames,
                Math.min(request.contextFrames(), frames), ClassifierFreeGuidance.isGuided(request.guidanceScale()), inputs.waveform().length,
                bundle.manifest().audioSampleRate(),
                inputs.pasteBack().map(PasteBack::videoWidth).orElse(request.width()),
                inputs.pasteBack().map(PasteBack::videoHeight).orElse(request.height()),
                inputs.pasteBack().map(PasteBack::heapBytes).orElse(0L));
        boolean fp16 = config.precision() == Precision.FP16;
        Map<ModelComponent, Path> files = new EnumMap<>(ModelComponent.class);
        for (ModelComponent c : ModelComponent.values()) {
            if (c.required()) {
                files.put(c, bundle.manifest().modelFile(c, fp16));
            }
        }
        boolean halfPrecision = fp16 && !bundle.manifest().fp16Models().isEmpty();
        boolean onDevice = bundle.settings().device().kind() == Device.Kind.CUDA;
        MemoryCheck.requireFits(PeakMemoryEstimator.estimate(shape, files, bundle.dimensions(), bundle.sessions().mode(),
                bundle.sessions().openComponents(), halfPrecision, onDevice), ProcessMemory.now(),
                bundle.sessions().mode(), onDevice, progress::warn);
    }

    /**
     * The request's custom output, or the video encoder of vexpress-media for a file, looked up before heavy work; the
     * caller checks with {@link VideoOutput#checkWritable()} that it can be written before any model runs.
     */
    private VideoOutput videoOutput() {
        if (request.output().isPresent()) {
            return request.output().get();
        }
        VideoEncoder encoder = Services.require(VideoEncoder.class, "vexpress-media");
        Path path = request.outputPath().orElseThrow();
        return new VideoOutput() {
            @Override
            public FrameSink open(VideoFormat format) {
                return encoder.open(path, format);
            }

            @Override
            public void checkWritable() {
                encoder.checkWritable(path);
            }

            @Override
            public String describe() {
                return path.toString();
            }
        };
    }
}
