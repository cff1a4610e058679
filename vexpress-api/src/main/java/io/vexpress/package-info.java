/** vexpress-java public API. */
package io.vexpress;
