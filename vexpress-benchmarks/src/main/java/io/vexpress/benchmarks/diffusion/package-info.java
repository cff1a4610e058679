/**
 * JMH benchmarks of the denoising loop's own arithmetic (everything but the model): one DDIM step over V-Express's
 * latent shape, classifier-free guidance, per-frame mean-overlap accumulation. {@code compare_torch.py} beside
 * the module runs the same operations in torch eager and prints the ratios; see docs/diffusion.md.
 */
package io.vexpress.benchmarks.diffusion;
