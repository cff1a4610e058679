package io.vexpress;

/** How the reference photo is brought to the output size. */
public enum ImageFit {
    /** Resize to the output size, distorting a non-square face as V-Express does (default, reference-exact). */
    STRETCH,
    /** Crop the largest centred region with the output's aspect ratio, then resize; no distortion. */
    CENTER_CROP,
    /**
     * Find the face and crop a region with the output's aspect ratio around it, framed as the faces in
     * V-Express's own sample portraits (docs/image-fit.md gives the measured numbers), then resize; where the
     * region leaves the photo it is filled with the photo's edge pixels. For bust shots, group-free wide photos
     * and photos of any size, whose face V-Express would otherwise see too small or off-centre. The face comes
     * from {@link GenerationRequest#referenceKeypoints()} when given (then in the photo's own pixels), else from
     * the generator's face detector.
     */
    FACE_CROP
}
