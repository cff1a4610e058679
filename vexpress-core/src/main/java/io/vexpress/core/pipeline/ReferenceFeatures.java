package io.vexpress.core.pipeline;

import io.vexpress.core.tensor.FloatTensor;
import java.util.List;

/**
 * The reference net's outputs for the reference image, computed once per generation ({@code [1, L_k, C_k]} each,
 * in {@code ref_k} order) and the reference latent they came from.
 *
 * @param names the {@code ref_k} names
 * @param features the features, {@code [1, L_k, C_k]}
 */
record ReferenceFeatures(List<String> names, List<FloatTensor> features) {
}
