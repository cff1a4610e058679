/** Benchmarks of reading V-Kps sequence files (kps.pth). */
package io.vexpress.benchmarks.kps;
