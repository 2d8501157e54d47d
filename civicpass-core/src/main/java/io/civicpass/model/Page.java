package io.civicpass.model;

import java.util.List;
import java.util.Objects;

/**
 * One page of results. Civic reports no total, so a page is taken to have a successor when it
 * came back full.
 *
 * @param items the results, in the server's order
 * @param query the query that produced this page
 * @param <T>   the element type
 */
public record Page<T>(List<T> items, PassQuery query) {

    /**
     * Copies the items.
     *
     * @param items the results, in the server's order
     * @param query the query that produced this page
     */
    public Page {
        items = List.copyOf(Objects.requireNonNull(items, "items == null"));
        Objects.requireNonNull(query, "query == null");
    }

    /**
     * Whether another page may follow: this one came back full.
     *
     * @return true when {@code items.size() >= query.limit()}
     */
    public boolean hasNext() {
        return items.size() >= query.limit();
    }

    /**
     * The query for the next page.
     *
     * @return the query advanced by one page
     */
    public PassQuery nextQuery() {
        return query.nextPage();
    }
}
