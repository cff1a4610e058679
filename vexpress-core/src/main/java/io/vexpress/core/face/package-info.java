/**
 * Face detection for V-Express keypoints: insightface's SCRFD detector ({@code det_10g.onnx}) on ONNX
 * Runtime with insightface's exact preprocessing, decoding and NMS, OpenCV-identical resizing, and the
 * quality checks that warn about reference faces V-Express handles badly.
 */
package io.vexpress.core.face;
