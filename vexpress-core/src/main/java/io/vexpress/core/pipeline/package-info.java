/**
 * The generation engine: V-Express's {@code inference.py} and {@code VExpressPipeline} as stages on ONNX
 * Runtime. {@link io.vexpress.core.pipeline.Generation} reads like the list of stages: inputs, reference
 * features, keypoint conditioning, audio tokens, the denoising loop, VAE decoding, post-filter, sink.
 * {@link io.vexpress.core.pipeline.VExpressEngineProvider} registers it behind
 * {@link io.vexpress.TalkingHeadGenerator#builder()}.
 */
package io.vexpress.core.pipeline;
