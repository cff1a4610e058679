/** Typed progress events for user interfaces: stages, denoising steps and windows, encoded frames. */
package io.vexpress.progress;
