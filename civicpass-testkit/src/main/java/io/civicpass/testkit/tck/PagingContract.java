package io.civicpass.testkit.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.civicpass.CivicPassClient;
import io.civicpass.RetryPolicy;
import io.civicpass.error.AuthenticationException;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PassState;
import io.civicpass.model.WalletAddress;
import io.civicpass.testkit.Fault;
import io.civicpass.testkit.RequestMatcher;
import io.civicpass.testkit.tck.ContractHarness.Calls;
import io.civicpass.testkit.tck.TransportContract.Mode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lists: pages and filters, lazy pagination across pages, and a failing page surfacing its own
 * exception.
 */
abstract class PagingContract extends ContractGroup {

    /**
     * The group over the harness of its enclosing contract.
     *
     * @param harness the harness
     */
    PagingContract(ContractHarness harness) {
        super(harness);
    }

    /**
     * Pages of three over seven passes, in creation order, and the state and wallet filters.
     *
     * @param mode the client face
     */
    @ParameterizedTest
    @MethodSource("faces")
    @Tag("operation:listPass")
    void listPagesAndFilters(Mode mode) {
        Calls civic = calls(mode, UnaryOperator.identity());
        List<PassKey> keys = seedPasses(7);

        Page<Pass> first = civic.list(PassQuery.all().withLimit(3));
        Page<Pass> second = civic.list(first.nextQuery());
        Page<Pass> third = civic.list(second.nextQuery());
        assertThat(first.hasNext()).isTrue();
        assertThat(second.hasNext()).isTrue();
        assertThat(third.hasNext()).isFalse();
        List<String> wallets = new ArrayList<>();
        for (Page<Pass> page : List.of(first, second, third)) {
            page.items().forEach(pass -> wallets.add(pass.walletAddress()));
        }
        assertThat(wallets).containsExactlyElementsOf(keys.stream().map(k -> k.wallet().value()).toList());

        assertThat(civic.list(PassQuery.all().withState(PassState.FROZEN)).items())
                .extracting(Pass::walletAddress)
                .containsExactly(keys.get(1).wallet().value(), keys.get(4).wallet().value());
        PassKey wanted = keys.get(5);
        assertThat(civic.list(PassQuery.all().withWallet(
                        WalletAddress.ethereum(wanted.wallet().value().toUpperCase(Locale.ROOT).replace("0X", "0x"))))
                .items())
                .extracting(Pass::walletAddress).containsExactly(wanted.wallet().value());
        assertThat(civic.list(PassQuery.all().withSkip(50)).items()).isEmpty();
    }

    /** {@code stream} and {@code iterate} walk every page lazily, in order. */
    @Test
    void streamsAcrossPages() {
        CivicPassClient civic = syncClient(UnaryOperator.identity());
        List<String> expected = seedPasses(7).stream().map(k -> k.wallet().value()).toList();
        fake().journal().clear();

        assertThat(civic.stream(PassQuery.all().withLimit(2)).map(Pass::walletAddress).toList())
                .containsExactlyElementsOf(expected);
        assertThat(fake().journal().count(RequestMatcher.of("POST", "/partner/pass"))).isEqualTo(4);

        List<String> iterated = new ArrayList<>();
        civic.iterate(PassQuery.all().withLimit(3)).forEach(pass -> iterated.add(pass.walletAddress()));
        assertThat(iterated).containsExactlyElementsOf(expected);
    }

    /** A page that fails ends the stream with the page's own exception, not a wrapper. */
    @Test
    void failingPageSurfacesTypedException() {
        CivicPassClient civic = syncClient(config -> config.retryPolicy(RetryPolicy.none()));
        seedPasses(5);
        fake().inject(Fault.status(403), RequestMatcher.of("POST", "/partner/pass")
                .and(RequestMatcher.where("second page", r -> r.bodyText().replace(" ", "").contains("\"skip\":2"))), 1);
        List<Pass> seen = new ArrayList<>();
        Throwable failure = catchThrowable(() -> civic.stream(PassQuery.all().withLimit(2)).forEach(seen::add));
        record(failure);
        assertThat(failure).isInstanceOf(AuthenticationException.class);
        assertThat(((AuthenticationException) failure).status()).isEqualTo(403);
        assertThat(seen).hasSize(2);
    }
}
