package io.vexpress.core.pipeline;

/**
 * What the denoising stage of the last generation did, for tests and logs.
 *
 * @param unetCalls UNet calls (steps x windows)
 * @param unetBatch batch of each call: 2 with classifier-free guidance, 1 without
 * @param guiderFrames frames the keypoint guider processed
 */
record DenoisingStats(long unetCalls, int unetBatch, long guiderFrames) {
}
