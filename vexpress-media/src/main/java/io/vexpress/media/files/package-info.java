/** Atomic file output: write under a temporary name next to the target, move into place on success. */
package io.vexpress.media.files;
