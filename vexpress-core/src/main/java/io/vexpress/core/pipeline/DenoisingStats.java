package io.vexpress.core.pipeline;

/**
 * What the denoising stage of the last generation did, for tests and logs.
 *
 * @param unetCalls UNet calls (steps x windows)
 * @param unetBatch batch of each call: 2 with classifier-free guidance, 1 without
 * @param drawnKeypointFrames V-Kps images drawn into the UNet's window inputs (a window position that kept its face
 *     is not drawn again)
 */
record DenoisingStats(long unetCalls, int unetBatch, long drawnKeypointFrames) {
}
