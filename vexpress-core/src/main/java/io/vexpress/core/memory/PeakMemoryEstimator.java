package io.vexpress.core.memory;

import io.vexpress.MemoryMode;
import io.vexpress.core.render.VKpsVideo;
import io.vexpress.core.runtime.BundleDimensions;
import io.vexpress.core.runtime.ModelComponent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Estimates a generation's peak memory from the bundle's file sizes and the request's shapes, before heavy
 * work. docs/pipeline.md ("Memory") lists the terms and where each coefficient was measured.
 *
 * <ul>
 *   <li><b>Weights</b>: each model's file size (plus its {@code .onnx.data}) times what loading it costs in
 *       resident memory: about twice the file for weights stored inside the {@code .onnx} (ONNX Runtime holds
 *       the parsed file beside its tensors while it builds the session), {@value #EXTERNAL_WEIGHTS_FACTOR}x for
 *       external data. Only models that are not loaded yet count: with {@link MemoryMode#KEEP_LOADED} they
 *       already are; with {@link MemoryMode#RELEASE_AFTER_STAGE} each stage loads its own.
 *   <li><b>Activations</b> of each stage's largest call: the denoising UNet's grow with
 *       {@code batch x window frames x C0 x h x w} (C0 the UNet's first width, h x w the latent size), and the
 *       V-Kps guider it runs first on the window's frames with the pixels; the VAE's with the pixels; the audio
 *       encoder's with the audio length (its attention with the square).
 *   <li><b>Direct buffers</b> the engine allocates: latents and the loop's sums for the whole video, one window's
 *       inputs (its 8-bit V-Kps images among them) and predictions, the reference features.
 *   <li><b>Heap</b>: audio tokens and waveforms, a few frames; with paste-back the photo and its photo-sized
 *       frame buffers ({@link io.vexpress.core.image.PasteBack#heapBytes()}).
 * </ul>
 * The peak is the largest stage's weights plus activations, plus the buffers and the heap.
 */
public final class PeakMemoryEstimator {
    /** Resident bytes per byte of an {@code .onnx} file with its weights inside (measured: 1.7-2.2). */
    static final double EMBEDDED_WEIGHTS_FACTOR = 2.0;
    /** Resident bytes per byte of weights in external data (an {@code .onnx.data} file). */
    static final double EXTERNAL_WEIGHTS_FACTOR = 1.2;
    /** VAE decoder working memory per output pixel of one frame, fp32 (measured at 256x256 and 512x512). */
    static final double VAE_DECODER_BYTES_PER_PIXEL = 3_450;
    /** VAE encoder working memory per input pixel, fp32. */
    static final double VAE_ENCODER_BYTES_PER_PIXEL = 1_500;
    /** Keypoint guider working memory per pixel of each frame it runs on, fp32 (inside the UNet: a window's frames). */
    static final double GUIDER_BYTES_PER_PIXEL = 125;
    /** wav2vec2 working memory: bytes per second of audio and per second squared (its attention), fp32. */
    static final double AUDIO_BYTES_PER_SECOND = 11.7e6;
    static final double AUDIO_BYTES_PER_SECOND_SQUARED = 0.092e6;
    /**
     * The denoising UNet's working memory in units of one {@code [batch x frames, C0, h, w]} float tensor, with
     * memory-efficient attention (the skip connections, the feed-forward's GEGLU at the first level, the
     * reference attention's doubled keys).
     */
    static final double UNET_ACTIVATION_UNITS = 24;
    /**
     * The least working memory of a denoising UNet call, per byte of the UNet's files. Measured on the SD-1.5-size
     * export (5.46 GB of weights, vexpress-benchmarks/README.md, "The real size"): the call held 3.7, 1.2 and
     * 3.8-4.7 GB above its weights at 256, 320 and 512 pixels, so it does not shrink with the image as the units
     * above do; 4.7 GB is 0.86 of the files.
     */
    static final double UNET_WORKING_FLOOR_PER_FILE_BYTE = 0.9;
    /** The reference net's (batch 1, one frame) in the same unit. */
    static final double REFERENCE_NET_ACTIVATION_UNITS = 24;
    /** fp32 file sizes of the networks the per-pixel coefficients were measured on (tools/export --random_init). */
    private static final Map<ModelComponent, Long> MEASURED_FILE_BYTES = Map.of(
            ModelComponent.VAE_ENCODER, 136_715_552L,
            ModelComponent.VAE_DECODER, 198_011_270L,
            ModelComponent.AUDIO_ENCODER, 377_585_896L);
    /** Java objects of the engine besides the arrays counted here. */
    static final long HEAP_BASE_BYTES = 8L << 20;

    private PeakMemoryEstimator() {
    }

    /**
     * What one generation needs.
     *
     * @param shape the request's sizes
     * @param models the files the generator loads, by component
     * @param dims the sizes the bundle declares
     * @param mode the memory mode
     * @param loaded the components whose sessions are open now
     * @param halfPrecision whether the loaded models compute in fp16 (halves their activations)
     * @param onDevice whether the models run on a GPU (their weights and activations are then not in this
     *     process's memory and do not count here)
     */
    public static PeakMemoryEstimate estimate(GenerationShape shape, Map<ModelComponent, Path> models, BundleDimensions dims,
                                              MemoryMode mode, Set<ModelComponent> loaded, boolean halfPrecision,
                                              boolean onDevice) {
        double elem = halfPrecision ? 0.5 : 1.0;
        long pixels = (long) shape.width() * shape.height();
        long latentArea = (long) (shape.height() / 8) * (shape.width() / 8);
        int c0 = firstWidth(dims);
        int batch = shape.guided() ? 2 : 1;
        int window = shape.windowFrames();
        double seconds = shape.audioSamples() / (double) shape.audioSampleRate();

        Map<ModelComponent, Long> activation = new EnumMap<>(ModelComponent.class);
        activation.put(ModelComponent.VAE_ENCODER,
                (long) (VAE_ENCODER_BYTES_PER_PIXEL * pixels * elem * widthScale(models, elem, ModelComponent.VAE_ENCODER)));
        activation.put(ModelComponent.REFERENCE_NET, (long) (REFERENCE_NET_ACTIVATION_UNITS * c0 * latentArea * 4 * elem));
        activation.put(ModelComponent.AUDIO_ENCODER,
                (long) ((AUDIO_BYTES_PER_SECOND * seconds + AUDIO_BYTES_PER_SECOND_SQUARED * seconds * seconds) * elem
                        * widthScale(models, elem, ModelComponent.AUDIO_ENCODER)));
        activation.put(ModelComponent.AUDIO_PROJECTION, 8L << 20);
        // format 2: the guider runs first inside the call, on the window's frames; its working memory is free again
        // before the UNet's grows, but its features ([batch, C0, T, h, w]) stay until the UNet's first block has added them
        long unet = Math.max((long) (UNET_ACTIVATION_UNITS * batch * window * c0 * latentArea * 4 * elem),
                unetWorkingFloor(models.get(ModelComponent.DENOISING_UNET)));
        long guider = (long) (GUIDER_BYTES_PER_PIXEL * window * pixels * elem);
        activation.put(ModelComponent.DENOISING_UNET,
                Math.max(unet, guider) + (long) (batch * window * (long) c0 * latentArea * 4 * elem));
        activation.put(ModelComponent.VAE_DECODER,
                (long) (VAE_DECODER_BYTES_PER_PIXEL * pixels * elem * widthScale(models, elem, ModelComponent.VAE_DECODER)));

        record Stage(String name, Set<ModelComponent> models) {
        }
        List<Stage> stages = List.of(
                new Stage("reference", EnumSet.of(ModelComponent.VAE_ENCODER, ModelComponent.REFERENCE_NET)),
                new Stage("audio", EnumSet.of(ModelComponent.AUDIO_ENCODER, ModelComponent.AUDIO_PROJECTION)),
                new Stage("denoising", EnumSet.of(ModelComponent.DENOISING_UNET)),
                new Stage("decoding", EnumSet.of(ModelComponent.VAE_DECODER)));
        Set<ModelComponent> all = EnumSet.noneOf(ModelComponent.class);
        stages.forEach(s -> all.addAll(s.models()));
        long bestTotal = -1;
        long bestWeights = 0;
        long bestActivation = 0;
        String bestStage = "";
        ModelComponent bestModel = null;
        for (Stage s : stages) {
            // KEEP_LOADED opens every model before the first stage; RELEASE_AFTER_STAGE only the stage's own
            Set<ModelComponent> resident = mode == MemoryMode.KEEP_LOADED ? all : s.models();
            long weights = 0;
            for (ModelComponent c : resident) {
                if (!loaded.contains(c) && models.containsKey(c)) {
                    weights += weightBytes(models.get(c));
                }
            }
            ModelComponent largest = null;
            for (ModelComponent c : s.models()) {
                if (largest == null || activation.get(c) > activation.get(largest)) {
                    largest = c;
                }
            }
            long act = activation.get(largest);
            if (onDevice) {
                weights = 0;
                act = 0;
            }
            if (weights + act > bestTotal) {
                bestTotal = weights + act;
                bestWeights = weights;
                bestActivation = act;
                bestStage = s.name();
                bestModel = largest;
            }
        }
        String actWhat = bestModel == ModelComponent.DENOISING_UNET
                ? "UNet activations for a " + (shape.guided() ? "guided " : "") + window + "-frame window at "
                        + shape.width() + "x" + shape.height()
                : bestModel.manifestName() + " activations at " + shape.width() + "x" + shape.height();
        String weightsWhat = mode == MemoryMode.KEEP_LOADED ? "model weights" : "weights of the " + bestStage + " stage's models";
        return new PeakMemoryEstimate(heapBytes(shape, dims), directBytes(shape, dims), bestWeights,
                bestActivation, bestStage, actWhat, weightsWhat, shape.pasteBackBytes());
    }

    /**
     * The per-pixel coefficients were measured on the SD-1.5-size networks (sd-vae-ft-mse, wav2vec2-base); a network of other widths scales them by the square root of its file size over theirs (weights grow
     * with the square of the width, activations with the width).
     */
    static double widthScale(Map<ModelComponent, Path> models, double elem, ModelComponent c) {
        Long measured = MEASURED_FILE_BYTES.get(c);
        Path file = models.get(c);
        if (measured == null || file == null) {
            return 1;
        }
        long bytes = size(file) + size(file.resolveSibling(file.getFileName() + ".data"));
        // an fp16 file holds twice the parameters per byte
        return bytes <= 0 ? 1 : Math.sqrt(bytes / elem / measured);
    }

    /** {@link #UNET_WORKING_FLOOR_PER_FILE_BYTE} times the UNet's file and external data (0 without a file). */
    static long unetWorkingFloor(Path unet) {
        return unet == null ? 0
                : (long) (UNET_WORKING_FLOOR_PER_FILE_BYTE * (size(unet) + size(unet.resolveSibling(unet.getFileName() + ".data"))));
    }

    /** Resident memory that loading the models the memory mode keeps at once costs: all of them, or the largest. */
    public static long loadBytes(Map<ModelComponent, Path> models, MemoryMode mode) {
        long sum = 0;
        long max = 0;
        for (Map.Entry<ModelComponent, Path> e : models.entrySet()) {
            if (!e.getKey().required()) {
                continue;
            }
            long w = weightBytes(e.getValue());
            sum += w;
            max = Math.max(max, w);
        }
        return mode == MemoryMode.KEEP_LOADED ? sum : max;
    }

    /** Resident memory a loaded model takes: its file and external data, times the loading factor. */
    static long weightBytes(Path model) {
        long file = size(model);
        long external = size(model.resolveSibling(model.getFileName() + ".data"));
        return (long) (file * EMBEDDED_WEIGHTS_FACTOR + external * EXTERNAL_WEIGHTS_FACTOR);
    }

    /** Direct buffers alive while the UNet runs (the engine's allocations, see the pipeline's classes). */
    public static long directBytes(GenerationShape s, BundleDimensions dims) {
        long area = (long) (s.height() / 8) * (s.width() / 8);
        long pixels = (long) s.width() * s.height();
        int cl = dims.latentChannels();
        int batch = s.guided() ? 2 : 1;
        long t = s.windowFrames();
        long floats = 0;
        floats += 2L * cl * s.frames() * area;                    // latents + the loop's running sums
        floats += (1L + batch) * cl * t * area;                   // a window's input and prediction
        floats += batch * (long) cl * t * area;                   // the UNet's sample
        floats += (long) batch * t * dims.audioTokens() * dims.audioTokenWidth();
        long reference = referenceFloats(dims, area);
        floats += (1L + batch) * reference;                       // reference features, and the UNet's guided copy
        floats += cl * area + 3L * pixels;                        // the VAE decoder's frame
        return floats * Float.BYTES + 3L * t * pixels             // + the window's 8-bit V-Kps images
                + s.frames() * (8 * VKpsVideo.maxRunsPerFace(s.height()) + 8) // + every frame's face as runs (at most)
                + (long) s.videoWidth() * s.videoHeight() * 3;    // + the encoder's RGB frame
    }

    /** Java heap the generation's arrays take. */
    public static long heapBytes(GenerationShape s, BundleDimensions dims) {
        long pixels = (long) s.width() * s.height();
        long bytes = HEAP_BASE_BYTES;
        bytes += (long) s.frames() * dims.audioTokens() * dims.audioTokenWidth() * Float.BYTES; // projected audio tokens
        bytes += (s.audioSamples() / 320 + 1) * (long) dims.audioFeatureWidth() * Float.BYTES; // wav2vec2 hidden states
        bytes += 2L * s.audioSamples() * Float.BYTES;                                        // waveform copies alive at once
        bytes += 3L * pixels + 24L * s.frames();                                             // V-Kps scratch, keypoints
        bytes += 8L * pixels * 3;                                                            // reference image, frames
        bytes += 3L * 3 * pixels * Float.BYTES;                                              // the median filter's frames
        bytes += s.pasteBackBytes();                                                         // the photo and its frame
        return bytes;
    }

    /** The UNet's first block width: the narrowest reference feature (SD-1.5: 320). */
    static int firstWidth(BundleDimensions dims) {
        int min = Integer.MAX_VALUE;
        for (BundleDimensions.ReferenceFeature f : dims.referenceFeatures()) {
            min = Math.min(min, f.channels());
        }
        if (min == Integer.MAX_VALUE) {
            throw new IllegalArgumentException("A bundle without reference features breaks the contract");
        }
        return min;
    }

    /**
     * Floats of all reference features at a latent area: each feature has {@code area / (C_k / C0)^2} tokens
     * (SD's UNet halves the resolution where it doubles the width).
     */
    static long referenceFloats(BundleDimensions dims, long area) {
        double c0 = firstWidth(dims);
        double sum = 0;
        for (BundleDimensions.ReferenceFeature f : dims.referenceFeatures()) {
            double ratio = f.channels() / c0;
            sum += f.channels() * (area / (ratio * ratio));
        }
        return (long) sum;
    }

    private static long size(Path p) {
        try {
            return Files.isRegularFile(p) ? Files.size(p) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The sizes of one generation.
     *
     * @param width output width
     * @param height output height
     * @param frames video frames
     * @param windowFrames frames per UNet call (the context window, or all frames when fewer)
     * @param guided classifier-free guidance (doubled batch)
     * @param audioSamples samples at the audio encoder's rate
     * @param audioSampleRate that rate
     * @param videoWidth width of the encoded frames (the photo's with paste-back, else {@code width})
     * @param videoHeight height of the encoded frames
     * @param pasteBackBytes heap the paste-back holds ({@link io.vexpress.core.image.PasteBack#heapBytes()}), 0 without
     */
    public record GenerationShape(int width, int height, int frames, int windowFrames, boolean guided, long audioSamples,
                                  int audioSampleRate, int videoWidth, int videoHeight, long pasteBackBytes) {
        /** A generation whose frames are encoded as generated (no paste-back). */
        public GenerationShape(int width, int height, int frames, int windowFrames, boolean guided, long audioSamples,
                               int audioSampleRate) {
            this(width, height, frames, windowFrames, guided, audioSamples, audioSampleRate, width, height, 0);
        }
    }
}
