package io.vexpress.core.pipeline;

import java.nio.FloatBuffer;

/**
 * Sees each decoded frame ({@code [3, H, W]} in [0, 1]) before quantisation; used by the parity test. Called
 * on the decoding thread (not the generating one when the output is pipelined), in frame order.
 */
@FunctionalInterface
interface DecodedFrameObserver {
    DecodedFrameObserver NONE = (frame, pixels) -> { };

    /** {@code pixels} is valid only during the call. */
    void frameDecoded(int frame, FloatBuffer pixels);
}
