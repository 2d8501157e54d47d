package io.civicpass.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Base58Test {

    @Test
    void encodesKnownVectors() {
        assertThat(Base58.encode("Hello World!".getBytes(StandardCharsets.US_ASCII))).isEqualTo("2NEpo7TZRRrLZSi2U");
        assertThat(Base58.encode(new byte[] {0, 0, 0x28, 0x7f, (byte) 0xb4, (byte) 0xcd})).isEqualTo("11233QC4");
        assertThat(Base58.encode(new byte[0])).isEmpty();
    }

    @Test
    void decodesKnownVectors() {
        assertThat(new String(Base58.decode("2NEpo7TZRRrLZSi2U"), StandardCharsets.US_ASCII)).isEqualTo("Hello World!");
        assertThat(Base58.decode("11233QC4")).containsExactly(0, 0, 0x28, 0x7f, (byte) 0xb4, (byte) 0xcd);
    }

    @Test
    void roundTripsRandomInputsIncludingLeadingZeros() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            byte[] input = new byte[random.nextInt(40)];
            random.nextBytes(input);
            if (input.length > 2 && random.nextBoolean()) {
                input[0] = 0;
                input[1] = 0;
            }
            assertThat(Base58.decode(Base58.encode(input))).isEqualTo(input);
        }
    }

    @Test
    void rejectsCharactersOutsideTheAlphabet() {
        assertThat(Base58.decode("abc0")).isNull();
        assertThat(Base58.decode("abcO")).isNull();
        assertThat(Base58.decode("abcI")).isNull();
        assertThat(Base58.decode("abcé")).isNull();
    }
}
