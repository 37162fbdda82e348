package dev.salescrm.platform.persistence;

import io.r2dbc.pool.ConnectionPoolException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure caused by the database being out of reach — restarting, failing over, refusing or dropping
 * connections, a pool that cannot hand out a connection in time — from a failure of the work itself (a wrong
 * statement, a violated constraint, an exception raised by a trigger, a bad event). The first is nobody's fault
 * and passes: an HTTP request gets a 503 with Retry-After, an event is retried until the database is back
 * instead of being dead-lettered. Mistaking the second for the first would turn a bug into a 503 and block an
 * event's partition for ever, so the verdict is narrow.
 */
public final class DatabaseUnavailable {

    private static final int MAX_CAUSES = 20;

    private DatabaseUnavailable() {
    }

    /**
     * True when the failure is the database being out of reach. When the cause chain holds the driver's
     * exception, <em>it</em> decides, whatever wraps it: an SQLSTATE of class 08 (connection exception), 57P0x
     * (the server shutting down or starting up) or 53300 (too many connections); no SQLSTATE on a resource
     * exception (the connection closed under us); a pool acquisition or validation timeout. The r2dbc-postgresql
     * driver maps every SQLSTATE class it does not know (a trigger's {@code RAISE EXCEPTION}, P0001, say) to a
     * "non-transient resource" exception, and Spring translates that to {@link DataAccessResourceFailureException}:
     * neither type alone may count. Without a driver exception in the chain, a pool that cannot hand out a
     * connection or a transaction that cannot begin counts.
     */
    public static boolean causes(Throwable failure) {
        boolean poolOrBegin = false;
        Throwable t = failure;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            if (t instanceof R2dbcException driver) {
                return unavailable(driver);
            }
            if (t instanceof ConnectionPoolException || t instanceof CannotCreateTransactionException
                    || t instanceof DataAccessResourceFailureException || t instanceof TransientDataAccessResourceException) {
                poolOrBegin = true;
            }
        }
        return poolOrBegin;
    }

    private static boolean unavailable(R2dbcException driver) {
        if (driver instanceof R2dbcTimeoutException) {
            String message = driver.getMessage();
            return message != null && (message.startsWith("Connection acquisition") || message.startsWith("Validation timed out"));
        }
        String state = driver.getSqlState();
        if (state == null || state.isEmpty()) {
            return driver instanceof R2dbcNonTransientResourceException || driver instanceof R2dbcTransientResourceException;
        }
        return state.startsWith("08") || state.startsWith("57P") || state.equals("53300");
    }
}
