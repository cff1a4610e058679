/**
 * The generation engine: V-Express's {@code inference.py} and {@code VExpressPipeline} as stages on ONNX
 * Runtime. {@link io.vexpress.core.pipeline.Generation} reads like the list of stages: inputs, reference
 * features, keypoint conditioning, audio tokens, the denoising loop, VAE decoding, post-filter, sink.
 * {@link io.vexpress.core.pipeline.VExpressEngineProvider} registers it behind
 * {@link io.vexpress.TalkingHeadGenerator#builder()}.
 *
 * <h2>Before the work</h2>
 * A generation first asks its output whether it can be written ({@link io.vexpress.media.VideoOutput#checkWritable()},
 * for a file the video encoder's {@link io.vexpress.spi.VideoEncoder#checkWritable}), then resolves the inputs; no
 * model runs before both succeeded (but the face detector, which resolving needs).
 *
 * <h2>Warnings: one path</h2>
 * Every warning of a generation reaches the user the same way: recorded once for
 * {@link io.vexpress.GenerationResult#warnings()}, sent once as a {@link io.vexpress.progress.ProgressEvent.Warning}
 * (which the command line shows as a {@code warning:} line or a JSON event) and logged once. That path is
 * {@code ProgressReporter.warn(String)}; nothing else sends warnings. To add one:
 * <ul>
 *   <li>in a stage of {@code Generation}, call {@code progress.warn(message)};
 *   <li>in code that runs before the stages or outside this package, take a {@code Consumer<String>} and let the caller
 *       bind it to that path, as {@link io.vexpress.core.pipeline.InputResolver#resolve} does (the CLI's
 *       {@code preview} binds it to its console, so it shows the same input warnings as {@code generate});
 *   <li>about the request's own values, add it in {@code GenerationRequest.Builder.build()}: a generation repeats
 *       {@link io.vexpress.GenerationRequest#warnings()} first.
 * </ul>
 * A warning is one sentence that says what is unusual and what to do about it; identical messages are reported once.
 * Do not log warnings yourself ({@code LOG.warn}): without an SLF4J backend they would be lost, and with one they
 * would appear twice.
 */
package io.vexpress.core.pipeline;
