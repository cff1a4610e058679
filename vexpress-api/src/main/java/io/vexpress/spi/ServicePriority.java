package io.vexpress.spi;

/** Services with a higher priority win when several implementations of one SPI are on the class path. */
public interface ServicePriority {
    /** 0 for the built-in implementations; return more to override them. */
    default int priority() {
        return 0;
    }
}
