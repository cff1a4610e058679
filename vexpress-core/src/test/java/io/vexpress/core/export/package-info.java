/**
 * Tests of the export tool ({@code tools/export}): its Python unit tests run from Maven, and a replay of
 * the verification cases an export writes through ONNX Runtime for Java.
 */
package io.vexpress.core.export;
