package io.civicpass.testkit.tck;

import io.civicpass.CivicPassAsyncClient;
import io.civicpass.model.Evidence;
import io.civicpass.model.Page;
import io.civicpass.model.Pass;
import io.civicpass.model.PassKey;
import io.civicpass.model.PassQuery;
import io.civicpass.model.PiiLink;
import io.civicpass.model.PiiRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A further face a transport's module offers over {@link CivicPassAsyncClient} (Vert.x futures,
 * say), adapted so that the contract suite runs through it as it runs through the client's own
 * faces ({@link TransportContract#adaptedFace()}).
 *
 * <p>For each non-blocking client the suite builds (configured for the fake, closed by the suite
 * after the test), {@link #over(CivicPassAsyncClient)} gives that client seen through the face.
 * Each of its calls is made as the face's users make it, and hands back the outcome as a stage
 * completed with the face's result, or failed with the very exception the face's users get: not
 * wrapped, not unwrapped, so that a face which delivers a failure differently from the client's
 * other faces fails the suite. A call the face refuses before it starts (a null or invalid
 * argument) throws that exception, as the face does. The suite waits for the stages on its own
 * threads; an adapter never has to wait on one of the face's.
 */
public interface AdaptedFace {

    /**
     * The face's name, shown in the names of the tests that run through it.
     *
     * @return the name
     */
    String name();

    /**
     * A client of the suite's, seen through the face.
     *
     * @param client a non-blocking client the suite built; the suite closes it
     * @return its calls through the face
     */
    Calls over(CivicPassAsyncClient client);

    /**
     * The calls the suite makes through the face, each as {@link CivicPassAsyncClient}'s call of
     * the same name, with the face's outcome handed back as a stage (see {@link AdaptedFace}).
     */
    interface Calls {

        /**
         * See {@link CivicPassAsyncClient#issue(PassKey)}.
         *
         * @param key the pass
         * @return the outcome
         */
        CompletionStage<Pass> issue(PassKey key);

        /**
         * See {@link CivicPassAsyncClient#find(PassKey)}.
         *
         * @param key the pass
         * @return the outcome
         */
        CompletionStage<Optional<Pass>> find(PassKey key);

        /**
         * See {@link CivicPassAsyncClient#get(PassKey)}.
         *
         * @param key the pass
         * @return the outcome
         */
        CompletionStage<Pass> get(PassKey key);

        /**
         * See {@link CivicPassAsyncClient#freeze(PassKey)}.
         *
         * @param key the pass
         * @return the outcome
         */
        CompletionStage<Void> freeze(PassKey key);

        /**
         * See {@link CivicPassAsyncClient#unfreeze(PassKey)}.
         *
         * @param key the pass
         * @return the outcome
         */
        CompletionStage<Void> unfreeze(PassKey key);

        /**
         * See {@link CivicPassAsyncClient#expireAt(PassKey, Instant)}.
         *
         * @param key    the pass
         * @param expiry the new expiry
         * @return the outcome
         */
        CompletionStage<Void> expireAt(PassKey key, Instant expiry);

        /**
         * See {@link CivicPassAsyncClient#forceRefresh(PassKey)}.
         *
         * @param key the pass
         * @return the outcome
         */
        CompletionStage<Void> forceRefresh(PassKey key);

        /**
         * See {@link CivicPassAsyncClient#revoke(PassKey)}.
         *
         * @param key the pass
         * @return the outcome
         */
        CompletionStage<Void> revoke(PassKey key);

        /**
         * See {@link CivicPassAsyncClient#list(PassQuery)}.
         *
         * @param query the query
         * @return the outcome
         */
        CompletionStage<Page<Pass>> list(PassQuery query);

        /**
         * See {@link CivicPassAsyncClient#awaitConfirmed(PassKey, Duration)}.
         *
         * @param key     the pass
         * @param timeout the longest to wait
         * @return the outcome
         */
        CompletionStage<Pass> awaitConfirmed(PassKey key, Duration timeout);

        /**
         * See {@link CivicPassAsyncClient#pii(String)}.
         *
         * @param scopeRequestId the request
         * @return the outcome
         */
        CompletionStage<PiiRequest> pii(String scopeRequestId);

        /**
         * See {@link CivicPassAsyncClient#approvePii(String)}.
         *
         * @param scopeRequestId the request
         * @return the outcome
         */
        CompletionStage<Void> approvePii(String scopeRequestId);

        /**
         * See {@link CivicPassAsyncClient#rejectPii(String)}.
         *
         * @param scopeRequestId the request
         * @return the outcome
         */
        CompletionStage<Void> rejectPii(String scopeRequestId);

        /**
         * See {@link CivicPassAsyncClient#evidence(String, String)}.
         *
         * @param scopeRequestId the request
         * @param name           the evidence name
         * @return the outcome
         */
        CompletionStage<Evidence> evidence(String scopeRequestId, String name);

        /**
         * See {@link CivicPassAsyncClient#evidence(PiiLink)}.
         *
         * @param link a link from the request
         * @return the outcome
         */
        CompletionStage<Evidence> evidence(PiiLink link);
    }
}
