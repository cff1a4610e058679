/** Benchmarks of the V-Kps keypoint renderer. */
package io.vexpress.benchmarks.render;
