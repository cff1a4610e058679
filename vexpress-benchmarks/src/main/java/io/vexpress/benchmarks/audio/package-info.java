/** Benchmarks of the audio preparation: resampling to 16 kHz. */
package io.vexpress.benchmarks.audio;
