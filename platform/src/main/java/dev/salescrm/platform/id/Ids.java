package dev.salescrm.platform.id;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * UUIDv7 ids (RFC 9562): 48 bits of Unix milliseconds, then random bits. Ids allocated later sort
 * later, so a primary-key index stays append-mostly and "order by id" is creation order, which
 * keyset pagination relies on.
 *
 * <p>Within one millisecond the 12-bit {@code rand_a} field is used as a counter (RFC 9562 §6.2,
 * method 1), so ids from one JVM are strictly increasing even when allocated in a burst.
 */
public final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static long lastMillis = -1;
    private static int counter;

    private Ids() {
    }

    public static UUID newId() {
        long millis;
        int sequence;
        synchronized (Ids.class) {
            long now = System.currentTimeMillis();
            if (now > lastMillis) {
                lastMillis = now;
                counter = RANDOM.nextInt(1 << 11); // leave headroom before the counter overflows
            } else if (++counter >= (1 << 12)) {
                // 4096 ids in one millisecond: borrow the next millisecond rather than repeat.
                lastMillis++;
                counter = 0;
            }
            millis = lastMillis;
            sequence = counter;
        }
        long msb = (millis << 16) | (0x7L << 12) | sequence;
        long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new UUID(msb, lsb);
    }

    /** The millisecond timestamp carried by a UUIDv7. */
    public static long timestampOf(UUID id) {
        if (id.version() != 7) {
            throw new IllegalArgumentException("not a UUIDv7: " + id);
        }
        return id.getMostSignificantBits() >>> 16;
    }
}
