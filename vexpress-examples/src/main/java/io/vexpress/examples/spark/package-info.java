/**
 * The batch's jobs on Apache Spark: {@link io.vexpress.examples.spark.SparkBatchJob} (the main class for
 * {@code spark-submit}, with {@code vexpress.jar} as the application jar) reads the jobs from any Spark source,
 * generates each row on the executors with one generator per executor JVM
 * ({@link io.vexpress.examples.spark.ExecutorGenerators}), copies the videos to any Hadoop file system and writes
 * the results table.
 */
package io.vexpress.examples.spark;
