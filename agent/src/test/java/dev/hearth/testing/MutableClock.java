package dev.hearth.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that tests move by hand, or that moves on by a step at each reading. Thread-safe. */
public final class MutableClock extends Clock {
    private volatile Instant now;
    private final Duration stepPerReading;

    public MutableClock(Instant start) {
        this(start, Duration.ZERO);
    }

    private MutableClock(Instant start, Duration stepPerReading) {
        this.now = start;
        this.stepPerReading = stepPerReading;
    }

    /** Each reading is {@code step} later than the one before. */
    public static MutableClock stepping(Instant start, Duration step) {
        return new MutableClock(start, step);
    }

    public static MutableClock at(String isoInstant) {
        return new MutableClock(Instant.parse(isoInstant));
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        if (stepPerReading.isZero()) return now;
        synchronized (this) {
            Instant reading = now;
            now = now.plus(stepPerReading);
            return reading;
        }
    }
}
