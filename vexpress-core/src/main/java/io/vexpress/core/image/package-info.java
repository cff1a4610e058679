/**
 * Reference-image geometry in pure Java: Pillow-identical bicubic resizing ({@link io.vexpress.core.image.BicubicResize})
 * and the fit modes of {@link io.vexpress.ImageFit} ({@link io.vexpress.core.image.ImageFitter}).
 */
package io.vexpress.core.image;
