package io.civicpass.model;

import java.util.Optional;

/**
 * What to list: an optional state and wallet filter, a page size and an offset
 * ({@code POST /pass} with {@code limit}, {@code skip} and {@code filter}).
 *
 * @param state  only passes in this state, or null for any
 * @param wallet only passes of this wallet, or null for any
 * @param limit  page size, 1 to {@link #MAX_LIMIT}
 * @param skip   how many passes to skip, 0 or more
 */
public record PassQuery(PassState state, WalletAddress wallet, int limit, int skip) {

    /** Civic's default page size. */
    public static final int DEFAULT_LIMIT = 20;
    /** The largest page this library asks for, to keep responses and memory bounded. */
    public static final int MAX_LIMIT = 100;

    /**
     * Checks the page bounds.
     *
     * @param state only passes in this state, or null for any
     * @param wallet only passes of this wallet, or null for any
     * @param limit page size, 1 to {@link #MAX_LIMIT}
     * @param skip how many passes to skip, 0 or more
     * @throws IllegalArgumentException naming {@code limit} or {@code skip} when out of bounds
     */
    public PassQuery {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT + ", was " + limit);
        }
        if (skip < 0) {
            throw new IllegalArgumentException("skip must not be negative, was " + skip);
        }
    }

    /**
     * Every pass, first page of {@link #DEFAULT_LIMIT}.
     *
     * @return the query
     */
    public static PassQuery all() {
        return new PassQuery(null, null, DEFAULT_LIMIT, 0);
    }

    /**
     * This query limited to a state.
     *
     * @param newState the state, or null for any
     * @return a new query
     */
    public PassQuery withState(PassState newState) {
        return new PassQuery(newState, wallet, limit, skip);
    }

    /**
     * This query limited to a wallet.
     *
     * @param newWallet the wallet, or null for any
     * @return a new query
     */
    public PassQuery withWallet(WalletAddress newWallet) {
        return new PassQuery(state, newWallet, limit, skip);
    }

    /**
     * This query with another page size.
     *
     * @param newLimit 1 to {@link #MAX_LIMIT}
     * @return a new query
     */
    public PassQuery withLimit(int newLimit) {
        return new PassQuery(state, wallet, newLimit, skip);
    }

    /**
     * This query with another offset.
     *
     * @param newSkip 0 or more
     * @return a new query
     */
    public PassQuery withSkip(int newSkip) {
        return new PassQuery(state, wallet, limit, newSkip);
    }

    /**
     * The query for the page after this one.
     *
     * @return this query with {@code skip} advanced by {@code limit}
     */
    public PassQuery nextPage() {
        if (skip > Integer.MAX_VALUE - limit) {
            throw new IllegalArgumentException("skip " + skip + " + limit " + limit + " is beyond the last page a list can reach");
        }
        return withSkip(skip + limit);
    }

    /**
     * The state filter.
     *
     * @return the state or empty
     */
    public Optional<PassState> findState() {
        return Optional.ofNullable(state);
    }

    /**
     * The wallet filter.
     *
     * @return the wallet or empty
     */
    public Optional<WalletAddress> findWallet() {
        return Optional.ofNullable(wallet);
    }
}
