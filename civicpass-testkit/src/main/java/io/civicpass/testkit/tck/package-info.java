/**
 * The transport contract suite: {@link io.civicpass.testkit.tck.TransportContract}, which every
 * transport's tests extend to prove the transport against the fake Civic API.
 */
package io.civicpass.testkit.tck;
