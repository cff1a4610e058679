/** Benchmarks of the decoded frames' post-processing (quantisation, 3x3x3 median filter). */
package io.vexpress.benchmarks.postprocess;
