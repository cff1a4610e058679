/**
 * Example programs, one per scenario: same person ({@code NO_RETARGET}), any audio ({@code FIX_FACE}),
 * a different person ({@code OFFSET_RETARGET}), custom attention weights, progress with cancellation,
 * and frames into your own sink. With no arguments each runs on the demo's inputs and tiny models.
 */
package io.vexpress.examples;
