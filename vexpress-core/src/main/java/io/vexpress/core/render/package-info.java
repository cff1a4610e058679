/**
 * V-Kps images: the keypoint guider's input, drawn pixel-identically to V-Express's
 * {@code draw_kps_image} (OpenCV's {@code ellipse2Poly}, {@code fillConvexPoly} and {@code circle},
 * re-implemented in pure Java). See {@link io.vexpress.core.render.VKpsRenderer}.
 */
package io.vexpress.core.render;
