/**
 * Video output and input through FFmpeg (JavaCV): {@link io.vexpress.media.video.Mp4Output} (H.264 + AAC MP4,
 * written atomically), {@link io.vexpress.media.video.PngSequenceOutput}, {@link io.vexpress.media.video.InMemoryFrames},
 * the SPI implementations {@link io.vexpress.media.video.FfmpegVideoEncoder} and
 * {@link io.vexpress.media.video.FfmpegVideoDecoder}, and the H.264 encoder choice
 * ({@link io.vexpress.media.video.H264Encoder}).
 */
package io.vexpress.media.video;
