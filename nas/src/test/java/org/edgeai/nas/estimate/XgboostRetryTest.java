package org.edgeai.nas.estimate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicInteger;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.junit.jupiter.api.Test;

/** {@link DecomposedRegressor#withXgboostRetries}: XGBoost's own failures are retried, nothing else is. */
class XgboostRetryTest {

    private static IllegalStateException xgboostFailure() {
        // What Tribuo's XGBoostRegressionTrainer throws when XGBoost4J fails a boosting round.
        return new IllegalStateException(new XGBoostError("Check failed: !matrix.second.ref.expired()"));
    }

    @Test
    void aTransientXgboostFailureIsTriedAgain() {
        AtomicInteger calls = new AtomicInteger();
        String out = DecomposedRegressor.withXgboostRetries(() -> {
            if (calls.incrementAndGet() < DecomposedRegressor.XGBOOST_ATTEMPTS) {
                throw xgboostFailure();
            }
            return "model";
        });
        assertEquals("model", out);
        assertEquals(DecomposedRegressor.XGBOOST_ATTEMPTS, calls.get());
    }

    @Test
    void aPersistentXgboostFailureIsPassedOnAfterTheLastAttempt() {
        AtomicInteger calls = new AtomicInteger();
        IllegalStateException[] last = new IllegalStateException[1];
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DecomposedRegressor.withXgboostRetries(() -> {
            calls.incrementAndGet();
            last[0] = xgboostFailure();
            throw last[0];
        }));
        assertSame(last[0], e);
        assertEquals(DecomposedRegressor.XGBOOST_ATTEMPTS, calls.get());
    }

    @Test
    void otherFailuresAreNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThrows(IllegalStateException.class, () -> DecomposedRegressor.withXgboostRetries(() -> {
            calls.incrementAndGet();
            throw new IllegalStateException("not XGBoost");
        }));
        assertEquals(1, calls.get());
        assertThrows(IllegalArgumentException.class, () -> DecomposedRegressor.withXgboostRetries(() -> {
            calls.incrementAndGet();
            throw new IllegalArgumentException("bad input");
        }));
        assertEquals(2, calls.get());
    }
}
