package io.civicpass.examples;

import io.civicpass.CivicPassClient;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** The README's listing example: one page with a filter, or every page lazily. */
public final class Listing {

    private Listing() {
    }

    /**
     * The first page of frozen passes.
     *
     * @param civic the client
     * @return up to 50 frozen passes
     */
    public static List<Pass> frozen(CivicPassClient civic) {
        // README:begin listing
        Page<Pass> page = civic.list(PassQuery.all().withState(PassState.FROZEN).withLimit(50));
        // README:end listing
        return page.items();
    }

    /**
     * Hands every pass on Sepolia to a consumer, walking all pages with constant memory.
     *
     * @param civic the client
     * @param each  what to do with each pass
     */
    public static void everyOnSepolia(CivicPassClient civic, Consumer<Pass> each) {
        // README:begin listing
        try (Stream<Pass> all = civic.stream(PassQuery.all())) {   // every page, fetched lazily
            all.filter(p -> p.network().equals(ChainNetwork.SEPOLIA)).forEach(each);
        }
        // README:end listing
    }
}
