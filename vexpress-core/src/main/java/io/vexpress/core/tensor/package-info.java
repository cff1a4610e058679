/**
 * A small float tensor over direct, native-order {@link java.nio.FloatBuffer}s, so that ONNX Runtime can
 * read and write it without copies, with the frame-axis gather/scatter that the windowed denoising loop
 * needs on video latents shaped {@code [B, C, T, H, W]}.
 */
package io.vexpress.core.tensor;
