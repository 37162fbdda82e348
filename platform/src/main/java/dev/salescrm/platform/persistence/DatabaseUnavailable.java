package dev.salescrm.platform.persistence;

import io.r2dbc.pool.ConnectionPoolException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Tells a failure caused by the database being out of reach — restarting, failing over, refusing or dropping
 * connections, a pool that cannot hand out a connection in time — from a failure of the work itself (a wrong
 * statement, a violated constraint, a bad event). The first is nobody's fault and passes: an HTTP request gets a
 * 503 with Retry-After, an event is retried until the database is back instead of being dead-lettered.
 */
public final class DatabaseUnavailable {

    private static final int MAX_CAUSES = 20;

    private DatabaseUnavailable() {
    }

    /**
     * True when the failure, or one of its causes, is the driver's resource exception (refused or lost
     * connection, a session terminated by a server shutdown: SQLSTATE classes 08 and 57P0x), a pool
     * acquisition or validation timeout, or Spring's translation of one. Spring translates only what passes
     * through {@code DatabaseClient}; a transaction that cannot begin arrives as
     * {@link CannotCreateTransactionException} around the driver's exception, so the whole chain is searched.
     */
    public static boolean causes(Throwable failure) {
        Throwable t = failure;
        for (int i = 0; t != null && i < MAX_CAUSES; i++, t = t.getCause()) {
            if (t instanceof DataAccessResourceFailureException
                    || t instanceof TransientDataAccessResourceException
                    || t instanceof CannotCreateTransactionException
                    || t instanceof R2dbcNonTransientResourceException
                    || t instanceof R2dbcTransientResourceException
                    || t instanceof ConnectionPoolException
                    || (t instanceof R2dbcTimeoutException && t.getMessage() != null
                            && (t.getMessage().startsWith("Connection acquisition")
                                || t.getMessage().startsWith("Validation timed out")))) {
                return true;
            }
        }
        return false;
    }
}
