package io.vexpress.spi;

import io.vexpress.EngineNotFoundException;
import java.util.Comparator;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds service implementations on the class path with {@link ServiceLoader}. */
public final class Services {
    private Services() {
    }

    /** The highest-priority implementation of {@code type}, if any. */
    public static <T extends ServicePriority> Optional<T> find(Class<T> type) {
        return ServiceLoader.load(type, classLoader(type)).stream()
                .map(ServiceLoader.Provider::get)
                .max(Comparator.comparingInt(ServicePriority::priority));
    }

    /**
     * The highest-priority implementation of {@code type}.
     *
     * @param artifact the artifact that provides it, named in the error
     * @throws EngineNotFoundException when there is none
     */
    public static <T extends ServicePriority> T require(Class<T> type, String artifact) {
        return find(type).orElseThrow(() -> new EngineNotFoundException("No " + type.getSimpleName()
                + " found on the class path. Add the Maven dependency io.vexpress:" + artifact
                + " (or register your own implementation in META-INF/services/" + type.getName() + ")."));
    }

    private static ClassLoader classLoader(Class<?> type) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : type.getClassLoader();
    }
}
