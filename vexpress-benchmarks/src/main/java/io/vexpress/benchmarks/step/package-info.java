/**
 * The denoising step at the real V-Express sizes: what Java adds around the model, through the public API,
 * with a shape-faithful model bundle whose compute is trivial.
 */
package io.vexpress.benchmarks.step;
