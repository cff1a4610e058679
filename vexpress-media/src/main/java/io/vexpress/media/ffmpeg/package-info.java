/** Process-wide FFmpeg (JavaCV) setup shared by the image, audio and video codecs: its log lines kept out of the user's way, its failures put into our words. */
package io.vexpress.media.ffmpeg;
