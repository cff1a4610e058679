package io.vexpress.core.memory;

import io.vexpress.InsufficientMemoryException;
import java.util.List;

/**
 * A generation's memory needs, estimated before heavy work ({@link PeakMemoryEstimator}).
 *
 * @param heapBytes Java heap this generation needs (audio tokens, waveforms, keypoint-feature cache, frames)
 * @param directBytes direct buffers alive at the denoising peak (latents, window inputs, reference features)
 * @param weightsToLoadBytes ONNX Runtime memory for the weights of the peak stage's models that are not loaded yet
 * @param activationBytes ONNX Runtime's working memory of the peak stage's largest model call
 * @param peakStage the stage where the sum peaks, in words ("denoising", "decoding")
 * @param activationWhat what the activations are, in words
 * @param weightsWhat which weights, in words
 */
public record PeakMemoryEstimate(long heapBytes, long directBytes, long weightsToLoadBytes, long activationBytes,
                                 String peakStage, String activationWhat, String weightsWhat) {

    /** Resident memory the generation adds to the process at its peak. */
    public long additionalResidentBytes() {
        return heapBytes + directBytes + weightsToLoadBytes + activationBytes;
    }

    /** The parts, largest first, in words: "model weights 9.7 GB, ...". */
    public String breakdown() {
        record Part(String what, long bytes) {
        }
        List<Part> parts = new java.util.ArrayList<>(List.of(
                new Part(weightsWhat, weightsToLoadBytes),
                new Part(activationWhat, activationBytes),
                new Part("latents and model inputs (direct buffers)", directBytes),
                new Part("Java heap", heapBytes)));
        parts.removeIf(p -> p.bytes() <= 0);
        parts.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        StringBuilder s = new StringBuilder();
        for (Part p : parts) {
            if (s.length() > 0) {
                s.append(", ");
            }
            s.append(p.what()).append(' ').append(InsufficientMemoryException.formatBytes(p.bytes()));
        }
        return s.toString();
    }
}
