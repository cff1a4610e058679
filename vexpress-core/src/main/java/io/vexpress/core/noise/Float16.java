package io.vexpress.core.noise;

/**
 * IEEE 754 binary16 rounding, as c10::Half converts (round to nearest, ties to even). Java 17 has no
 * {@code Float.floatToFloat16}, so this is done by hand.
 */
final class Float16 {
    private Float16() {
    }

    /** Rounds {@code value} to the nearest half-precision value and returns it as a float. */
    static float round(float value) {
        return toFloat(fromFloat(value));
    }

    /** float32 to binary16 bits, round to nearest even. */
    static short fromFloat(float value) {
        int bits = Float.floatToRawIntBits(value);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7fffffff;
        if (abs >= 0x7f800000) { // inf or NaN
            return (short) (sign | 0x7c00 | (abs > 0x7f800000 ? 0x200 : 0));
        }
        if (abs >= 0x477ff000) { // rounds to >= 65520: overflow to infinity
            return (short) (sign | 0x7c00);
        }
        if (abs < 0x38800000) { // below the smallest normal half: subnormal or zero
            // value / 2^-24 rounded to an integer, ties to even
            float magnitude = Float.intBitsToFloat(abs);
            int q = (int) Math.rint(magnitude * 0x1p24f);
            return (short) (sign | q);
        }
        int exponent = ((abs >>> 23) - 127 + 15) << 10;
        int mantissa = abs & 0x7fffff;
        int half = exponent | (mantissa >>> 13);
        int rest = mantissa & 0x1fff;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) {
            half++; // may carry into the exponent, which is still correct
        }
        return (short) (sign | half);
    }

    /** binary16 bits to float32 (exact). */
    static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0) {
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        if (exponent == 31) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        return Float.intBitsToFloat(sign | ((exponent - 15 + 127) << 23) | (mantissa << 13));
    }
}
