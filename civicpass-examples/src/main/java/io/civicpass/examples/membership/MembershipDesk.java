package io.civicpass.examples.membership;

import io.civicpass.CivicPassClient;
import io.civicpass.error.InvalidRequestException;
import io.civicpass.error.OutcomeUnknownException;
import io.civicpass.gate.PassGate;
import io.civicpass.gate.Verdict;
import io.civicpass.model.ChainNetwork;
import io.civicpass.model.PassKey;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.Period;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A service of your own, as a template to copy: it issues a Civic Pass to a member only after
 * your own checks (old enough, living in a country you serve), and lets a member's request
 * through only while the member's pass is active, on chain too, as {@code civicpass-gate}'s
 * {@link PassGate} judges it.
 *
 * <pre>{@code
 * MembershipDesk desk = new MembershipDesk(civic, ChainNetwork.SEPOLIA, Set.of("DE", "FR"), 18, Clock.systemUTC());
 * Enrolment enrolment = desk.enrol(member);     // ISSUED, REFUSED or IN_DOUBT
 * if (desk.check(member).allowed()) { ... }
 * }</pre>
 *
 * <p>Checks go through a {@link PassGate}: Civic is asked once per member per verdict lifetime
 * however many requests arrive, and a pass this desk's client freezes or revokes is denied at
 * once. When Civic cannot be reached the desk denies (fails closed). Thread-safe; close it to
 * release its gate (the client stays open).
 */
public final class MembershipDesk implements AutoCloseable {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    private final CivicPassClient civic;
    private final PassGate gate;
    private final ChainNetwork network;
    private final Set<String> countries;
    private final int minimumAge;
    private final Clock clock;

    /**
     * A desk over a client.
     *
     * @param civic      the Civic Pass client, shared by your application
     * @param network    the network passes are issued on, for example {@link ChainNetwork#SEPOLIA}
     * @param countries  the countries you serve, ISO 3166-1 alpha-2 codes; at least one
     * @param minimumAge the youngest age you admit, in whole years
     * @param clock      what "today" is, for ages
     * @throws IllegalArgumentException for no country, a code that is not two letters, or a negative age
     */
    public MembershipDesk(CivicPassClient civic, ChainNetwork network, Set<String> countries, int minimumAge,
                          Clock clock) {
        this.civic = Objects.requireNonNull(civic, "civic == null");
        this.network = Objects.requireNonNull(network, "network == null");
        Objects.requireNonNull(countries, "countries == null");
        if (countries.isEmpty()) {
            throw new IllegalArgumentException("countries must name at least one country");
        }
        this.countries = countries.stream().map(MembershipDesk::countryCode).collect(Collectors.toUnmodifiableSet());
        if (minimumAge < 0) {
            throw new IllegalArgumentException("minimumAge must be 0 or more, was " + minimumAge);
        }
        this.minimumAge = minimumAge;
        this.clock = Objects.requireNonNull(clock, "clock == null");
        // README:begin gating
        this.gate = PassGate.builder(civic)                        // the application's one client
                .timeToLive(Verdict.Kind.ALLOWED, Duration.ofSeconds(30)) // the longest a freeze made elsewhere goes unseen
                .staleIfError(Duration.ofMinutes(2))                    // Civic down: what it last said, for 2 min more
                .clock(clock)
                .build();
        // README:end gating
    }

    /**
     * Enrols a member: your checks first, and only then a pass from Civic. Enrolling a member
     * who has a pass returns that pass; nothing is issued twice.
     *
     * @param member the member
     * @return {@code ISSUED} with the pass (confirmed on chain later), {@code REFUSED} with the
     *         reason, or {@code IN_DOUBT} when Civic may be issuing it (enrol again later)
     * @throws IllegalArgumentException when the member's wallet is not an EVM address
     */
    public Enrolment enrol(Member member) {
        Objects.requireNonNull(member, "member == null");
        PassKey key = keyOf(member);
        int age = Period.between(member.dateOfBirth(), LocalDate.now(clock)).getYears();
        if (age < minimumAge) {
            return Enrolment.refused(key, "younger than " + minimumAge);
        }
        if (!countries.contains(member.country().toUpperCase(Locale.ROOT))) {
            return Enrolment.refused(key, "country not served");
        }
        try {
            // README:begin outcome-unknown
            try {
                return Enrolment.issued(key, civic.issue(key)); // accepted; the chain confirms it later
            } catch (OutcomeUnknownException unknown) {
                // Civic may or may not be issuing the pass, and the client did not send the issue
                // twice. Enrolling again later is safe: if this one took effect, Civic refuses the
                // repeat and issue(key) returns the pass it has.
                return Enrolment.inDoubt(unknown.key(), "Civic may be issuing the pass: enrol again later");
            }
            // README:end outcome-unknown
        } catch (InvalidRequestException refused) {
            // For example a wallet whose pass was revoked: Civic never issues it another.
            return Enrolment.refused(key, "Civic refused the pass (HTTP " + refused.status() + ")");
        }
    }

    /**
     * Whether a member's request may go through: only when Civic shows the member's pass
     * {@code ACTIVE} and the chain does too. Frozen, revoked, expired, still pending or absent
     * passes are denied, and so is every request while Civic cannot be reached (after the last
     * answer Civic gave, served for up to two minutes more).
     *
     * @param member the member
     * @return the decision and its reason
     * @throws IllegalArgumentException when the member's wallet is not an EVM address
     */
    public Access check(Member member) {
        Objects.requireNonNull(member, "member == null");
        Verdict verdict = gate.check(keyOf(member));
        switch (verdict.kind()) {
            case ALLOWED:
                return Access.allow("pass active");
            case NOT_FOUND:
                return Access.deny("no pass (or Civic has not confirmed it yet)");
            case PENDING:
                return Access.deny("pass not active on chain yet");
            case UNAVAILABLE:
                return Access.deny("Civic unavailable");
            case UNKNOWN:
                return Access.deny("pass in a state this service does not judge");
            default:
                return Access.deny("pass " + verdict.kind()); // FROZEN, REVOKED, EXPIRED
        }
    }

    /** Releases the desk's gate; the client stays open. */
    @Override
    public void close() {
        gate.close();
    }

    private PassKey keyOf(Member member) {
        return PassKey.of(network, member.wallet());
    }

    private static String countryCode(String code) {
        Objects.requireNonNull(code, "country == null");
        String upper = code.toUpperCase(Locale.ROOT);
        if (!COUNTRY.matcher(upper).matches()) {
            throw new IllegalArgumentException("countries must hold ISO 3166-1 alpha-2 codes, not '" + code + "'");
        }
        return upper;
    }
}
