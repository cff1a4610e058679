/**
 * Audio decoding through FFmpeg: {@link io.vexpress.media.audio.FfmpegAudioDecoder} reads MP3, WAV, FLAC,
 * OGG/Vorbis/Opus, M4A/AAC (any container FFmpeg knows) at the file's own rate and channel count.
 */
package io.vexpress.media.audio;
