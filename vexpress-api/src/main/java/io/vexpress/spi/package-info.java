/**
 * Service-provider interfaces: the generation engine (vexpress-core) and the codecs (vexpress-media),
 * found with {@link java.util.ServiceLoader}. Implement one and register it to replace a built-in.
 */
package io.vexpress.spi;
