package com.dazzleops.server.events;

/** An in-process wake-up: producers signal, a polling loop waits until signalled or until its poll interval ends. */
final class Signal {
    private boolean raised;

    synchronized void raise() {
        raised = true;
        notifyAll();
    }

    /** Waits up to {@code millis} unless already raised; clears the flag. */
    synchronized void await(long millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!raised) {
            long left = end - System.currentTimeMillis();
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        raised = false;
    }
}
