package io.vexpress.media;

import java.nio.FloatBuffer;

/**
 * Sees every frame as the VAE decoded it, in floats, before the 8-bit quantisation and the median post-filter:
 * what V-Express's {@code decode_latents} returns, {@code (image / 2 + 0.5).clamp(0, 1)} per frame. Use it to
 * post-process the video yourself (your own filter or bit depth), or to compare the engine with V-Express's float
 * output. Set it with {@code GenerationRequest.Builder.optDecodedFrameObserver}; the frames still go to the
 * request's output as well.
 *
 * <p>The contract, kept deliberately small:
 * <ul>
 *   <li>called once per frame, in frame order {@code 0, 1, ..., frames - 1}, one call at a time (not necessarily
 *       on the thread that called {@code generate});</li>
 *   <li>{@code pixels} is read-only and planar: the R, G and B planes of {@code height x width} values each,
 *       row-major ({@code [3, H, W]}), in [0, 1], from position 0 to its limit {@code 3 * width * height};</li>
 *   <li>{@code pixels} is valid only during the call: copy what you want to keep;</li>
 *   <li>an exception thrown by the observer stops the generation: nothing is committed to the output and the
 *       exception reaches the caller of {@code generate}.</li>
 * </ul>
 * The written frame is {@code (int) (value * 255)} per channel (truncating, as V-Express), then median-filtered
 * when the request's median filter is on.
 */
@FunctionalInterface
public interface DecodedFrameObserver {

    /**
     * @param frame the 0-based frame index
     * @param pixels the frame, {@code [3, height, width]} floats in [0, 1], read-only, valid during the call
     */
    void frameDecoded(int frame, FloatBuffer pixels);
}
