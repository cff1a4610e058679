package io.vexpress;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CancellationTokenTest {

    @Test
    void cancelRunsCallbacksOnceAndThrowsAfterwards() throws Exception {
        CancellationToken token = new CancellationToken();
        AtomicInteger calls = new AtomicInteger();
        AutoCloseable registration = token.onCancel(calls::incrementAndGet);
        AtomicInteger removed = new AtomicInteger();
        token.onCancel(removed::incrementAndGet).close();
        assertDoesNotThrow(token::throwIfCancelled);
        token.cancel();
        token.cancel();
        assertEquals(1, calls.get());
        assertEquals(0, removed.get());
        assertTrue(token.isCancelled());
        assertThrows(GenerationCancelledException.class, token::throwIfCancelled);
        AtomicInteger late = new AtomicInteger();
        token.onCancel(late::incrementAndGet);
        assertEquals(1, late.get(), "an action registered after cancel runs at once");
        registration.close();
    }

    @Test
    void interruptCancelsAndKeepsTheFlag() {
        CancellationToken token = new CancellationToken();
        Thread.currentThread().interrupt();
        try {
            assertThrows(GenerationCancelledException.class, token::throwIfCancelled);
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}
