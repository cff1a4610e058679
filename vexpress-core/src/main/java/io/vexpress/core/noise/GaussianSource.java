package io.vexpress.core.noise;

import io.vexpress.core.tensor.FloatTensor;

/** Fills tensors with standard-normal samples, drawn as one tensor of the target's shape. */
@FunctionalInterface
public interface GaussianSource {

    /** Overwrites every element of {@code target} with the next standard-normal draws for its whole shape. */
    void fillStandardNormal(FloatTensor target);
}
