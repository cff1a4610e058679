package io.vexpress.progress;

/** The stages of one generation, in the order they run. */
public enum Stage {
    /** Decoding and checking the reference image, audio and keypoint files. */
    LOAD_INPUTS,
    /** Loading the ONNX models (with the default memory mode only on first use). */
    LOAD_MODELS,
    /** VAE-encoding the reference image and running the reference net once. */
    REFERENCE,
    /** Preparing the keypoint conditioning (near-instant: the V-Kps images are drawn per context window while denoising, where the denoising UNet runs the keypoint guider). */
    KEYPOINTS,
    /** Normalising the audio and running the audio encoder. */
    AUDIO,
    /** The windowed denoising loop (reported step by step through {@link ProgressEvent.DenoisingStep}). */
    DENOISING,
    /** VAE-decoding, post-filtering and encoding the frames. */
    DECODING_AND_ENCODING
}
