package io.civicpass.examples.membership;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A member of your service as your own records know them: the facts your checks need and the
 * wallet the pass goes to. Holds personal data, so {@link #toString()} shows the id only.
 *
 * @param id          your id of the member
 * @param wallet      the member's EVM wallet address
 * @param dateOfBirth the member's date of birth
 * @param country     the member's country of residence, ISO 3166-1 alpha-2 ({@code DE}, {@code GB})
 */
public record Member(String id, String wallet, LocalDate dateOfBirth, String country) {

    /**
     * Requires every field.
     *
     * @param id          your id of the member
     * @param wallet      the member's EVM wallet address
     * @param dateOfBirth the member's date of birth
     * @param country     the member's country of residence, ISO 3166-1 alpha-2
     */
    public Member {
        Objects.requireNonNull(id, "id == null");
        Objects.requireNonNull(wallet, "wallet == null");
        Objects.requireNonNull(dateOfBirth, "dateOfBirth == null");
        Objects.requireNonNull(country, "country == null");
    }

    /**
     * The member's id only: the rest is personal data.
     *
     * @return {@code Member[id=...]}
     */
    @Override
    public String toString() {
        return "Member[id=" + id + "]";
    }
}
