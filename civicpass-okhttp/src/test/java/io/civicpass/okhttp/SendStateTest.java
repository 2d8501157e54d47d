package io.civicpass.okhttp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class SendStateTest {

    @Test
    void aRequestAbandonedFirstIsNeverMarkedWritten() {
        SendState state = new SendState();
        assertThat(state.stopWriting()).as("may have been written").isFalse();
        assertThat(state.markWritten()).isFalse();
        assertThat(state.mayHaveBeenWritten()).isFalse();
        assertThat(state).hasToString("SendState[abandoned]");
    }

    @Test
    void aRequestMarkedWrittenFirstStaysWrittenWhenAbandoned() {
        SendState state = new SendState();
        assertThat(state.markWritten()).isTrue();
        assertThat(state.markWritten()).as("a second attempt of the same call").isTrue();
        assertThat(state.abandon()).as("may have been written").isTrue();
        assertThat(state.mayHaveBeenWritten()).isTrue();
        assertThat(state).hasToString("SendState[written]");
    }

    @Test
    void abandoningCancelsTheAttachedCallAndACallAttachedAfterwardsAtOnce() {
        OkHttpClient client = new OkHttpClient();
        try {
            SendState state = new SendState();
            okhttp3.Call first = client.newCall(new Request.Builder().url("http://127.0.0.1:1/").build());
            state.attach(first);
            assertThat(first.isCanceled()).isFalse();
            state.abandon();
            assertThat(first.isCanceled()).isTrue();
            okhttp3.Call late = client.newCall(new Request.Builder().url("http://127.0.0.1:1/").build());
            state.attach(late);
            assertThat(late.isCanceled()).isTrue();
        } finally {
            OkHttpClients.close(client);
        }
    }

    @Test
    void keepsACopyOfTheRetryAfterValuesAsSent() {
        SendState state = new SendState();
        assertThat(state.sentRetryAfter()).isNull();
        List<String> sent = new java.util.ArrayList<>(List.of("0"));
        state.keepRetryAfter(sent);
        sent.set(0, "changed");
        assertThat(state.sentRetryAfter()).containsExactly("0");
    }
}
