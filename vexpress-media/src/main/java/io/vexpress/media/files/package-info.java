/**
 * Output files: checked before the work that produces them ({@link io.vexpress.media.files.OutputFiles}), written under a
 * temporary name next to the target and moved into place on success ({@link io.vexpress.media.files.AtomicTarget}),
 * temporaries of killed processes removed by the next run.
 */
package io.vexpress.media.files;
