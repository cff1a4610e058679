/**
 * A face keypoint detector that needs no model download: OpenCV's bundled Haar/LBP cascades for the face
 * and eyes, the nose estimated from the eyes. Approximate; the SCRFD detector in vexpress-core is the one
 * V-Express uses.
 */
package io.vexpress.media.face;
