package org.erp.provisioning.persistence;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The back-off between retries of a transient conflict (the retries themselves: DatabaseProblemsTest, on a real database). */
class TransactionsTest {

    @Test
    void theBackOffDoublesFromTwentyMillisecondsWithinHalfEitherWayAndNeverPassesTwoHundred() {
        long[] middles = {20, 40, 80, 160, 200, 200};
        for (int conflicts = 0; conflicts < middles.length; conflicts++) {
            long middle = middles[conflicts];
            for (int draw = 0; draw < 1_000; draw++) {
                long millis = Transactions.backOff(conflicts).toMillis();
                assertTrue(millis >= middle / 2 && millis <= Math.min(middle + middle / 2, 200),
                        "after " + conflicts + " conflicts: " + millis + " ms");
            }
        }
        assertTrue(Transactions.backOff(1_000).compareTo(Duration.ofMillis(200)) <= 0, "no overflow however many");
    }

    @Test
    void requestsThatConflictedWaitDifferentTimes() {
        Set<Duration> drawn = new HashSet<>();
        for (int draw = 0; draw < 100; draw++) {
            drawn.add(Transactions.backOff(2));
        }
        assertTrue(drawn.size() > 10, "drawn: " + drawn);
    }
}
