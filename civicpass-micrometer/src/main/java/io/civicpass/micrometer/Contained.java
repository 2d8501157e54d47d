package io.civicpass.micrometer;

/**
 * Where a failure of Micrometer's side (an observation handler, a meter filter, a registry)
 * ends: logged by type and dropped, so that it never reaches the client's call.
 */
final class Contained {

    private static final System.Logger LOG = System.getLogger("io.civicpass.micrometer");

    private Contained() {
    }

    /** Logs by type only: the message is a handler's, not ours to trust with what it quotes. */
    static void failure(RuntimeException failed) {
        try {
            LOG.log(System.Logger.Level.WARNING,
                    "civicpass-micrometer: Micrometer threw {0} while recording a Civic Pass call; the call goes on",
                    failed.getClass().getName());
        } catch (RuntimeException ignored) {
            // a logger that fails has nowhere left to report to
        }
    }
}
