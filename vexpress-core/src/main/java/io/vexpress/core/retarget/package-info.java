/**
 * Keypoint retargeting: adapts the driving V-Kps sequence to the reference face with one of V-Express's
 * four strategies ({@link io.vexpress.RetargetStrategy}), reproducing {@code retarget_kps} in
 * {@code pipelines/utils.py} float for float. See {@link io.vexpress.core.retarget.KeypointRetargeter}.
 */
package io.vexpress.core.retarget;
