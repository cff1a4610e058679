/**
 * Many generations from one jobs table with one generator: {@link io.vexpress.examples.batch.JobsFile} reads
 * CSV or JSON Lines, {@link io.vexpress.examples.batch.JobColumns} turns each row (the {@code generate} flags as
 * columns) into a {@link io.vexpress.examples.batch.BatchJob}, and {@link io.vexpress.examples.batch.BatchRunner}
 * runs them one after another, resumably, into a results table. {@code vexpress batch} and the Spark job
 * ({@code io.vexpress.examples.spark}) share these types.
 */
package io.vexpress.examples.batch;
