/**
 * Keypoint extraction from driving videos: V-Express's {@code scripts/extract_kps_sequence_and_audio.py}
 * in Java (one face detection per frame, the audio track copied out, the sequence written as kps.pth),
 * with a strict mode like the reference and a tolerant mode that fills frames without a face.
 */
package io.vexpress.core.extract;
