package io.vexpress;

/** How a reference image whose aspect ratio differs from the output's is brought to the output size. */
public enum ImageFit {
    /** Resize to the output size, distorting a non-square face as V-Express does (default, reference-exact). */
    STRETCH,
    /** Crop the largest centred region with the output's aspect ratio, then resize; no distortion. */
    CENTER_CROP
}
