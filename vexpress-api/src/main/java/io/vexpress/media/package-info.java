/** Decoded media values (images, audio) and the frame-output contract shared by engine and codecs. */
package io.vexpress.media;
