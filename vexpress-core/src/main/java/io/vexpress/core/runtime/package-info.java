/**
 * ONNX Runtime execution of a V-Express model bundle: the one {@link ai.onnxruntime.OrtEnvironment}, session
 * options from the generator settings (threads, CPU/CUDA/auto), the bundle's manifest and its contract
 * validation (docs/model-bundle.md), sessions opened lazily and released per {@link io.vexpress.MemoryMode},
 * and model calls that a {@link io.vexpress.CancellationToken} can stop mid-run.
 */
package io.vexpress.core.runtime;
