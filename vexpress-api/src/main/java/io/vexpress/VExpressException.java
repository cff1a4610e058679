package io.vexpress;

import java.util.Optional;

/**
 * Base of every exception vexpress-java throws on purpose. It is unchecked: the subtypes say what
 * went wrong and their messages say what to do about it.
 *
 * <ul>
 *   <li>{@link InvalidInputException}: a request or configuration value, or an input file, is not usable.
 *   <li>{@link ModelBundleException}: the model bundle is missing, incomplete or breaks the model contract.
 *   <li>{@link MediaException}: an image, audio, keypoint or video file could not be decoded or encoded.
 *   <li>{@link InsufficientMemoryException}: the generation needs more memory than the process may use (found
 *       before heavy work by an estimate, or when an allocation failed).
 *   <li>{@link GenerationCancelledException}: the caller cancelled the generation.
 *   <li>{@link EngineNotFoundException}: no generation engine is on the class path.
 * </ul>
 *
 * <p>An exception about a setting carries it ({@link #setting()}) and keeps its message as a template in which every
 * setting it mentions is a placeholder ({@link Setting#placeholder()}). {@link #getMessage()} names the SDK's builder
 * methods; {@link #message(SettingNames)} lets another caller name its own, e.g. a command-line tool its flags.
 */
public class VExpressException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Setting setting;
    private final String template;

    public VExpressException(String message) {
        this(null, message, null);
    }

    public VExpressException(String message, Throwable cause) {
        this(null, message, cause);
    }

    /**
     * @param setting the setting at fault, or null
     * @param template the message, with {@code {SETTING}} or {@code {SETTING:value}} where it names a setting
     * @param cause the cause, or null
     */
    public VExpressException(Setting setting, String template, Throwable cause) {
        super(render(template, SettingNames.SDK), cause);
        this.setting = setting;
        this.template = template;
    }

    /** The setting at fault, when the problem is about one. */
    public Optional<Setting> setting() {
        return Optional.ofNullable(setting);
    }

    /** The message with every setting it mentions named by {@code names} ({@link #getMessage()} uses the SDK's). */
    public String message(SettingNames names) {
        return render(template, names);
    }

    /** Replaces {@code {NAME}} and {@code {NAME:value}} for every {@link Setting} name; other braces stay. */
    static String render(String template, SettingNames names) {
        if (template == null || template.indexOf('{') < 0) {
            return template;
        }
        StringBuilder out = new StringBuilder(template.length() + 32);
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            int close = open < 0 ? -1 : template.indexOf('}', open);
            if (close < 0) {
                out.append(template, i, template.length());
                break;
            }
            String inside = template.substring(open + 1, close);
            int colon = inside.indexOf(':');
            Setting s = settingNamed(colon < 0 ? inside : inside.substring(0, colon));
            out.append(template, i, open);
            if (s == null) {
                out.append('{');
                i = open + 1;
            } else {
                out.append(names.name(s, colon < 0 ? null : inside.substring(colon + 1)));
                i = close + 1;
            }
        }
        return out.toString();
    }

    private static Setting settingNamed(String name) {
        for (Setting s : Setting.values()) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        return null;
    }
}
