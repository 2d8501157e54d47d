package io.civicpass.benchmarks;

import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import io.civicpass.testkit.FakeCivic;
import java.util.concurrent.CountDownLatch;

/**
 * The fake as a separate process for the memory run, seeded with many passes so the client's
 * heap limit bounds the client alone. Prints {@code port=N} once ready; runs until killed.
 */
public final class SeededFake {

    private SeededFake() {
    }

    /**
     * Starts and seeds the fake.
     *
     * @param args the number of passes (100,000 by default)
     * @throws InterruptedException when interrupted
     */
    public static void main(String[] args) throws InterruptedException {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        FakeCivic fake = FakeCivic.builder().journalCapacity(1_000).hideUntilConfirmed(false).start();
        for (int i = 0; i < count; i++) {
            fake.seedPass(PassKey.of(ChainNetwork.SEPOLIA, wallet(i)), PassState.ACTIVE);
        }
        System.out.println("seeded=" + count);
        System.out.println("port=" + fake.port());
        System.out.flush();
        new CountDownLatch(1).await();
    }

    /**
     * A distinct valid wallet per index.
     *
     * @param i the index
     * @return {@code 0x} and 40 lowercase hex digits
     */
    static String wallet(int i) {
        return String.format("0x%040x", i + 1L);
    }
}
