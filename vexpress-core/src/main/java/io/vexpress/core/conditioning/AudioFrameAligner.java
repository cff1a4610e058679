package io.vexpress.core.conditioning;

import io.vexpress.InvalidInputException;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * Turns the audio encoder's hidden states {@code [rows, width]} (wav2vec2: width 768, about 50 rows per
 * second) into V-Express's per-frame audio tokens, as {@code VExpressPipeline.prepare_audio_embeddings}:
 * <ol>
 *   <li>linear resampling along time to {@code 2 * videoLength} rows ({@link LinearResampler});</li>
 *   <li>{@code 2 * numPad} zero rows added at both ends;</li>
 *   <li>frame {@code i} takes padded rows {@code [2i, 2(i + 2 * numPad + 1))}, i.e.
 *       {@link #tokensPerFrame()} {@code = 2 * (2 * numPad + 1)} rows (10 for V-Express's numPad 2).</li>
 * </ol>
 * The result for the whole clip is {@code [videoLength, tokensPerFrame, width]}; the audio projection then
 * maps each frame's tokens to {@code 2 * numPad + 1} tokens.
 *
 * <p>Streaming: nothing is precomputed beyond two small index tables, so a context window's tokens are
 * computed straight into the caller's buffer ({@link #windowTokens(int[], float[], int)}) and long audio
 * never needs the whole {@code [frames, 10, 768]} array. The reference pads with
 * {@code zeros[:2 * numPad]}, which holds fewer rows when {@code videoLength < numPad}; this class always
 * pads {@code 2 * numPad} rows (identical whenever {@code videoLength >= numPad}).
 *
 * <p>The hidden states array is kept, not copied: do not modify it while this aligner is in use.
 * Instances are otherwise immutable and thread-safe.
 */
public final class AudioFrameAligner {
    private final float[] hidden;
    private final int width;
    private final int videoLength;
    private final int numPad;
    private final int tokensPerFrame;
    private final LinearResampler resampler;

    /**
     * @param hiddenStates the encoder output, row-major {@code [rows, width]} (batch dimension dropped)
     * @param rows time steps of the encoder output, at least 1
     * @param width feature width (768 for wav2vec2-base; tiny test models use less)
     * @param videoLength frames of the video, at least 1
     * @param numPadAudioFrames V-Express's {@code num_pad_audio_frames} (2), at least 0
     */
    public AudioFrameAligner(float[] hiddenStates, int rows, int width, int videoLength, int numPadAudioFrames) {
        this(hiddenStates, rows, width, videoLength, numPadAudioFrames, LinearResampler.Arithmetic.TORCH_2);
    }

    /**
     * As {@link #AudioFrameAligner(float[], int, int, int, int)} with the rounding of a given torch version
     * (the reference interpolates on the GPU; torch 2's CUDA and CPU kernels round alike).
     */
    public AudioFrameAligner(float[] hiddenStates, int rows, int width, int videoLength, int numPadAudioFrames,
            LinearResampler.Arithmetic arithmetic) {
        if (hiddenStates == null) {
            throw new InvalidInputException("No audio hidden states given.");
        }
        if (rows < 1 || width < 1) {
            throw new InvalidInputException("Audio hidden states need at least one row and one feature, got ["
                    + rows + ", " + width + "]; is the audio too short?");
        }
        if ((long) rows * width != hiddenStates.length) {
            throw new InvalidInputException("Audio hidden states of shape [" + rows + ", " + width + "] need "
                    + ((long) rows * width) + " values, got " + hiddenStates.length + ".");
        }
        if (videoLength < 1) {
            throw new InvalidInputException("Video length must be at least 1 frame, got " + videoLength + ".");
        }
        if (numPadAudioFrames < 0) {
            throw new InvalidInputException("num_pad_audio_frames must be >= 0, got " + numPadAudioFrames + ".");
        }
        this.hidden = hiddenStates;
        this.width = width;
        this.videoLength = videoLength;
        this.numPad = numPadAudioFrames;
        this.tokensPerFrame = 2 * (2 * numPadAudioFrames + 1);
        this.resampler = new LinearResampler(rows, 2 * videoLength, arithmetic);
    }

    /** Rows per frame, {@code 2 * (2 * numPad + 1)}: the audio projection's input sequence length. */
    public int tokensPerFrame() {
        return tokensPerFrame;
    }

    /** Feature width of every token. */
    public int width() {
        return width;
    }

    public int videoLength() {
        return videoLength;
    }

    public int numPadAudioFrames() {
        return numPad;
    }

    /** Values per frame: {@code tokensPerFrame() * width()}. */
    public int valuesPerFrame() {
        return tokensPerFrame * width;
    }

    /** Writes frame {@code frame}'s tokens {@code [tokensPerFrame, width]} to {@code dst[offset..]}. */
    public void frameTokens(int frame, float[] dst, int offset) {
        checkFrame(frame);
        int firstPadded = 2 * frame;
        int padRows = 2 * numPad;
        for (int t = 0; t < tokensPerFrame; t++) {
            int row = firstPadded + t - padRows; // row of the resampled [2 * videoLength, width] signal
            int at = offset + t * width;
            if (row < 0 || row >= 2 * videoLength) {
                Arrays.fill(dst, at, at + width, 0f);
            } else {
                resampler.resampleRow(hidden, 0, width, row, dst, at);
            }
        }
    }

    /**
     * Writes the tokens of {@code frames} (in that order) as {@code [frames.length, tokensPerFrame, width]}
     * to {@code dst[offset..]}: the audio projection's input for one context window.
     */
    public void windowTokens(int[] frames, float[] dst, int offset) {
        int per = valuesPerFrame();
        if ((long) offset + (long) frames.length * per > dst.length) {
            throw new InvalidInputException("Audio token buffer too small: need " + ((long) frames.length * per)
                    + " values from offset " + offset + ", have " + dst.length + ".");
        }
        for (int k = 0; k < frames.length; k++) {
            frameTokens(frames[k], dst, offset + k * per);
        }
    }

    /**
     * As {@link #windowTokens(int[], float[], int)} into a (e.g. direct, ONNX Runtime) buffer, starting at
     * absolute index {@code offset}; the buffer's position is not changed.
     */
    public void windowTokens(int[] frames, FloatBuffer dst, int offset) {
        int per = valuesPerFrame();
        if ((long) offset + (long) frames.length * per > dst.limit()) {
            throw new InvalidInputException("Audio token buffer too small: need " + ((long) frames.length * per)
                    + " values from offset " + offset + ", limit is " + dst.limit() + ".");
        }
        float[] one = new float[per];
        for (int k = 0; k < frames.length; k++) {
            frameTokens(frames[k], one, 0);
            dst.put(offset + k * per, one);
        }
    }

    /** All frames' tokens, {@code [videoLength, tokensPerFrame, width]}; prefer windows for long audio. */
    public float[] allTokens() {
        int per = valuesPerFrame();
        float[] out = new float[Math.multiplyExact(videoLength, per)];
        for (int f = 0; f < videoLength; f++) {
            frameTokens(f, out, f * per);
        }
        return out;
    }

    private void checkFrame(int frame) {
        if (frame < 0 || frame >= videoLength) {
            throw new IndexOutOfBoundsException("Frame " + frame + " outside 0.." + (videoLength - 1));
        }
    }
}
