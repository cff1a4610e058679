package io.vexpress;

/**
 * A caller's words for {@link Setting}s, used by {@link VExpressException#message(SettingNames)}: a command-line
 * tool maps each setting to its flag ({@code --reference_kps}, {@code --device cpu}).
 */
@FunctionalInterface
public interface SettingNames {
    /** The SDK's own names: builder methods. */
    SettingNames SDK = Setting::sdkName;

    /**
     * @param setting the setting a message mentions
     * @param value the value it suggests (e.g. {@code cpu} for the device), or null
     * @return how to write it, e.g. {@code --device cpu}
     */
    String name(Setting setting, String value);
}
