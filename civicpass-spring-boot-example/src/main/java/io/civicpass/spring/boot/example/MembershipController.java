package io.civicpass.spring.boot.example;

import io.civicpass.CivicPassClient;
import io.civicpass.gate.PassGate;
import io.civicpass.gate.Verdict;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /members/{wallet}/pass} issues a pass to a wallet; {@code GET /members/{wallet}/area}
 * is the members' area, open only to a wallet whose pass the {@link PassGate} bean allows (the
 * starter builds it when civicpass-gate is on the classpath: verdicts cached per wallet, one
 * Civic lookup per wallet at a time, dropped at once when this application changes the pass).
 */
@RestController
@RequestMapping("/members/{wallet}")
public class MembershipController {

    private final CivicPassClient civic;
    private final PassGate gate;
    private final ChainNetwork network;

    /**
     * The controller.
     *
     * @param civic   the client bean
     * @param gate    the gate that decides who enters
     * @param network the network passes are issued on ({@code example.network}, Sepolia by default)
     */
    public MembershipController(CivicPassClient civic, PassGate gate,
                                @Value("${example.network:sepolia}") String network) {
        this.civic = civic;
        this.gate = gate;
        this.network = ChainNetwork.of(network);
    }

    /**
     * Issues a pass. Civic accepts it at once and shows it once the chain confirms it.
     *
     * @param wallet the wallet's address
     * @return 202 with the pass's state
     */
    @PostMapping("/pass")
    public ResponseEntity<Map<String, Object>> issue(@PathVariable("wallet") String wallet) {
        Pass pass = civic.issue(PassKey.of(network, wallet));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("wallet", pass.walletAddress());
        body.put("state", pass.state().value());
        body.put("onChainState", pass.knownOnChainState().map(PassState::value).orElse("unknown"));
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(body);
    }

    /**
     * The members' area.
     *
     * @param wallet the wallet's address
     * @return 200 for a member, 403 with the reason otherwise
     */
    @GetMapping("/area")
    public ResponseEntity<Map<String, Object>> area(@PathVariable("wallet") String wallet) {
        Verdict verdict = gate.check(PassKey.of(network, wallet));
        return ResponseEntity.status(verdict.allowed() ? HttpStatus.OK : HttpStatus.FORBIDDEN)
                .body(Map.of("verdict", verdict.kind().name()));
    }

    /**
     * A wallet the network refuses, answered before anything is sent to Civic.
     *
     * @param refused the validation failure, naming the field and value
     * @return 400 with the reason
     */
    @ExceptionHandler(IllegalArgumentException.class)
    public ResponseEntity<Map<String, Object>> badInput(IllegalArgumentException refused) {
        return ResponseEntity.badRequest().body(Map.of("error", String.valueOf(refused.getMessage())));
    }
}
