/** Process-wide FFmpeg (JavaCV) setup shared by the image, audio and video codecs: logging. */
package io.vexpress.media.ffmpeg;
