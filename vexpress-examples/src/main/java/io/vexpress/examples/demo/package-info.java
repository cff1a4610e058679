/**
 * The demo's inputs, shipped in or made by the jar: the tiny random-weight model bundle, a drawn
 * portrait, synthesised speech and a generated head-motion keypoint sequence.
 */
package io.vexpress.examples.demo;
