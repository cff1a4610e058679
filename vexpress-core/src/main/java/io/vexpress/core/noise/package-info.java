/**
 * Seeded Gaussian noise identical to torch's CPU {@code torch.randn} (mt19937, float32 and float16 streams), so
 * that a seed gives the same initial latents as V-Express.
 */
package io.vexpress.core.noise;
