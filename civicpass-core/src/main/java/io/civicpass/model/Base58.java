package io.civicpass.model;

import java.math.BigInteger;
import java.util.Arrays;

/** Bitcoin-alphabet base58, as Solana uses for keys and addresses. */
final class Base58 {

    static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(58);
    private static final int[] INDEX = new int[128];

    static {
        Arrays.fill(INDEX, -1);
        for (int i = 0; i < ALPHABET.length(); i++) {
            INDEX[ALPHABET.charAt(i)] = i;
        }
    }

    private Base58() {
    }

    /** Decodes, or returns null when a character is outside the alphabet. */
    static byte[] decode(String text) {
        BigInteger number = BigInteger.ZERO;
        int leadingZeros = 0;
        boolean leading = true;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int digit = c < 128 ? INDEX[c] : -1;
            if (digit < 0) {
                return null;
            }
            if (leading && digit == 0) {
                leadingZeros++;
            } else {
                leading = false;
            }
            number = number.multiply(BASE).add(BigInteger.valueOf(digit));
        }
        byte[] magnitude = number.signum() == 0 ? new byte[0] : number.toByteArray();
        int start = magnitude.length > 0 && magnitude[0] == 0 ? 1 : 0; // sign byte
        byte[] out = new byte[leadingZeros + magnitude.length - start];
        System.arraycopy(magnitude, start, out, leadingZeros, magnitude.length - start);
        return out;
    }

    static String encode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        BigInteger number = new BigInteger(1, bytes);
        while (number.signum() > 0) {
            BigInteger[] qr = number.divideAndRemainder(BASE);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            number = qr[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }
}
