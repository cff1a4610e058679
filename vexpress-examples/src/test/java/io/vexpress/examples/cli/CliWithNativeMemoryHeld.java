package io.vexpress.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Holds {@code args[0]} MiB of native memory that no garbage collection can free (a reachable, touched direct
 * buffer, standing in for ONNX Runtime's weights and activations), then runs the command line with the other
 * arguments. Prints {@code EXIT <code>} and the command's standard error between {@code ERR>} lines. Run in a
 * child JVM (MemoryCliTest).
 */
public final class CliWithNativeMemoryHeld {
    private static ByteBuffer held;

    private CliWithNativeMemoryHeld() {
    }

    public static void main(String[] args) {
        held = ByteBuffer.allocateDirect(Integer.parseInt(args[0]) << 20);
        for (int i = 0; i < held.capacity(); i += 4096) {
            held.put(i, (byte) 1);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = VExpressCommand.run(Arrays.copyOfRange(args, 1, args.length), new PrintWriter(out, true),
                new PrintWriter(err, true));
        System.out.println("EXIT " + code + " held " + held.capacity());
        for (String line : err.toString().split("\n")) {
            if (!line.isBlank()) {
                System.out.println("ERR>" + line);
            }
        }
        System.out.println("OUT>" + out.toString().replace('\n', ' '));
    }
}
