package com.dazzleops.console.testing;

import org.testfx.util.WaitForAsyncUtils;

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting in TestFX tests. The condition is evaluated ON THE FX THREAD: conditions read FX-owned state (tree items,
 * style classes, labels) that the FX thread changes concurrently, and reading it from the test thread races
 * (ConcurrentModificationException, torn reads).
 */
public final class FxWait {
    private FxWait() {
    }

    /** Polls {@code condition} on the FX thread until it is true; the timeout message names {@code what}. */
    public static void until(String what, int seconds, Callable<Boolean> condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS,
                    () -> WaitForAsyncUtils.asyncFx(condition).get(10, TimeUnit.SECONDS));
        } catch (TimeoutException e) {
            throw new TimeoutException("timed out after " + seconds + " s waiting until " + what);
        }
    }
}
