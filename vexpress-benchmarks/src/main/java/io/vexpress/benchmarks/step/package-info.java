/**
 * One denoising window call at the real V-Express sizes, timed directly: what Java adds around the model, with a
 * shape-faithful model bundle whose compute is trivial, for still and moving keypoints at 10 s and 60 s.
 */
package io.vexpress.benchmarks.step;
