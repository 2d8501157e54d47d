package io.civicpass.testkit;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every request the fake received, in arrival order, over either face, token requests
 * included; for verifying what a client sent. Keeps everything unless the fake was built with a
 * {@linkplain FakeCivic.Builder#journalCapacity(int) capacity}, beyond which the oldest requests
 * are dropped (the standalone server keeps the last 10,000). Thread-safe; queries return snapshots.
 */
public final class RequestJournal {

    private final Deque<RecordedRequest> requests = new ArrayDeque<>();
    /** The sequence number of each request kept, in step with {@link #requests}: 1, 2, ... never reused. */
    private final Deque<Long> sequence = new ArrayDeque<>();
    private final int capacity;
    private long recorded;

    RequestJournal(int capacity) {
        this.capacity = capacity;
    }

    synchronized void record(RecordedRequest request) {
        if (requests.size() >= capacity) {
            requests.removeFirst();
            sequence.removeFirst();
        }
        requests.addLast(request);
        sequence.addLast(++recorded);
    }

    /**
     * Every request so far.
     *
     * @return an immutable snapshot, oldest first
     */
    public synchronized List<RecordedRequest> all() {
        return List.copyOf(requests);
    }

    /**
     * The requests a matcher selects.
     *
     * @param matcher the selection
     * @return an immutable snapshot, oldest first
     */
    public synchronized List<RecordedRequest> matching(RequestMatcher matcher) {
        Objects.requireNonNull(matcher, "matcher == null");
        return requests.stream().filter(matcher).toList();
    }

    /**
     * How many requests a matcher selects.
     *
     * @param matcher the selection
     * @return the count
     */
    public synchronized int count(RequestMatcher matcher) {
        Objects.requireNonNull(matcher, "matcher == null");
        return (int) requests.stream().filter(matcher).count();
    }

    /**
     * The requests to the token endpoint.
     *
     * @return an immutable snapshot, oldest first
     */
    public List<RecordedRequest> tokenRequests() {
        return matching(RequestMatcher.tokenRequests());
    }

    /**
     * The requests to the API (under {@code /partner}).
     *
     * @return an immutable snapshot, oldest first
     */
    public List<RecordedRequest> apiRequests() {
        return matching(RequestMatcher.apiRequests());
    }

    /**
     * The most recent request.
     *
     * @return the request, or empty when there was none
     */
    public synchronized Optional<RecordedRequest> last() {
        return Optional.ofNullable(requests.peekLast());
    }

    /**
     * How many requests there were.
     *
     * @return the count
     */
    public synchronized int size() {
        return requests.size();
    }

    /** Forgets every request (the sequence numbers of later ones go on from where they were). */
    public synchronized void clear() {
        requests.clear();
        sequence.clear();
    }

    /** A kept request with its sequence number, for the admin API. */
    record Numbered(long seq, RecordedRequest request) {
    }

    /**
     * A page of the journal: the requests found, and the sequence number to ask from for the
     * ones after them (what has arrived since included).
     */
    record Page(List<Numbered> requests, long next) {
    }

    /**
     * The requests from a sequence number on that a matcher selects, oldest first, at most
     * {@code limit} of them.
     */
    synchronized Page since(long since, int limit, RequestMatcher matcher) {
        List<Numbered> found = new ArrayList<>();
        Iterator<Long> numbers = sequence.iterator();
        for (RecordedRequest request : requests) {
            long seq = numbers.next();
            if (seq >= since && matcher.test(request)) {
                if (found.size() >= limit) {
                    return new Page(found, found.get(found.size() - 1).seq() + 1);
                }
                found.add(new Numbered(seq, request));
            }
        }
        return new Page(found, Math.max(since, recorded + 1));
    }

    @Override
    public synchronized String toString() {
        return "RequestJournal[" + requests.size() + " requests]";
    }
}
