/**
 * The {@code vexpress} command-line tool ({@code java -jar vexpress.jar}): generate, preview, extract-kps,
 * inspect-models and demo, with a progress bar, quiet and JSON modes, and distinct exit codes.
 */
package io.vexpress.examples.cli;
