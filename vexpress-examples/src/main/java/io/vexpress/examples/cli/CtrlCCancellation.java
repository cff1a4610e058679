package io.vexpress.examples.cli;

import io.vexpress.CancellationToken;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (the JVM's shutdown) into a cancellation of the running work, and holds the JVM's exit
 * until the work has cleaned up (deleted its temporary output), for at most ten seconds.
 */
final class CtrlCCancellation implements AutoCloseable {
    /** Counted down once the running command has reported its outcome, so that Ctrl-C still prints it. */
    private static volatile CountDownLatch reported = new CountDownLatch(0);

    private final CancellationToken token = new CancellationToken();
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;

    private CtrlCCancellation() {
        hook = new Thread(() -> {
            token.cancel();
            try {
                if (finished.await(10, TimeUnit.SECONDS)) {
                    reported.await(2, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "vexpress-ctrl-c");
    }

    /** A command starts: Ctrl-C during its work waits for the latch returned, which the command counts down after reporting. */
    static CountDownLatch commandStarted() {
        CountDownLatch latch = new CountDownLatch(1);
        reported = latch;
        return latch;
    }

    /** Installs the hook until {@link #close()}. */
    static CtrlCCancellation install() {
        CtrlCCancellation c = new CtrlCCancellation();
        Runtime.getRuntime().addShutdownHook(c.hook);
        return c;
    }

    /** The token Ctrl-C cancels. */
    CancellationToken token() {
        return token;
    }

    /** The work is over (done, failed or cancelled): let the JVM exit. */
    @Override
    public void close() {
        finished.countDown();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // Ctrl-C was pressed: the hook is running and waits for the countDown above
        }
    }
}
