/**
 * V-Express's output post-processing: truncating quantisation of the decoded float frames to 8 bits and
 * the 3x3x3 median filter over time, height and width that its {@code save_video} applies, done
 * streaming with one frame of lag. See {@code docs/postprocess.md}.
 */
package io.vexpress.core.postprocess;
