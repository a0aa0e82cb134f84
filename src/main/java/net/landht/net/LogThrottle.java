package net.landht.net;

/**
 * Lets a log line through at most once per interval, counting the ones held back, so that a flood cannot fill the
 * log with the same line. Not thread-safe: one owner thread.
 */
public final class LogThrottle {
    private final long intervalNanos;
    private boolean logged;
    private long lastNanos;
    private long suppressed;

    public LogThrottle(java.time.Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /**
     * @return -1 when the line must not be logged now (it is counted), else how many were held back since the last
     *     line that was let through
     */
    public long admit(long nowNanos) {
        if (logged && nowNanos - lastNanos < intervalNanos) {
            suppressed++;
            return -1;
        }
        logged = true;
        lastNanos = nowNanos;
        long s = suppressed;
        suppressed = 0;
        return s;
    }
}
