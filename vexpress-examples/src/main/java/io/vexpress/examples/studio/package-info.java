/**
 * {@code vexpress studio}: a local web page for V-Express generation, served by the JDK's own HTTP server
 * ({@link io.vexpress.examples.studio.Studio}). Uploads, previews, a queue of one running generation with live
 * progress through Server-Sent Events, and the results, all in one work folder. The page is plain HTML, CSS and
 * JavaScript in this jar. The HTTP API is described in docs/studio.md.
 */
package io.vexpress.examples.studio;
