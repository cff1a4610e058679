package io.vexpress.core.noise;

import io.vexpress.Precision;
import io.vexpress.core.tensor.FloatTensor;
import java.util.Objects;

/**
 * A CPU random generator that reproduces torch's: {@code new TorchGenerator(seed)} behaves like
 * {@code torch.manual_seed(seed)} and {@link #randn} fills a tensor with the values
 * {@code torch.randn(shape, dtype=...)} draws on CPU, including the state carried between draws.
 *
 * <p>torch's CPU normal sampler, reproduced here:
 * <ul>
 *   <li>Tensors of 16 or more elements: draw one uniform per element (float32: 24 random bits, float16: 11),
 *       then transform each 16-element block by Box-Muller, element {@code j} and {@code j + 8} from
 *       {@code u1 = 1 - u[j]} and {@code u2 = u[j + 8]}; when the size is not a multiple of 16, the last 16
 *       elements are redrawn from fresh uniforms and transformed again. In float16 every intermediate that torch
 *       stores in a {@code Half} variable is rounded to half.</li>
 *   <li>Smaller tensors: one double-precision normal per element from the generator's scalar sampler
 *       (53-bit uniforms, Box-Muller, the sine value cached for the next call), cast to the dtype.</li>
 * </ul>
 * Bit-exact with torch for float16 at every size and for float32 below 16 elements. For float32 at 16 or more
 * elements torch has two CPU kernels, 2.5e-6 apart: an AVX2 kernel with approximate log/sin/cos (on every CPU
 * with AVX2, AVX-512 included) and a scalar kernel (glibc's float log/sin/cos). This class evaluates the scalar
 * kernel's formula with correctly rounded log/sin/cos: within 2.4e-7 (3 ulp) of the scalar kernel, within 2.5e-6
 * of the AVX2 one (measured with torch 1.13.1, docs/diffusion.md).
 *
 * <p>Not thread-safe, like torch's generator without its mutex.
 */
public final class TorchGenerator implements GaussianSource {
    private static final double TWO_PI = 2.0 * Math.PI;

    private final Mt19937 engine;
    private final Precision stream;
    private boolean hasCachedNormal;
    private double cachedNormal;
    private final float[] block = new float[16];

    /**
     * @param seed the seed given to {@code torch.manual_seed}
     * @param stream which dtype's random stream {@link #fillStandardNormal} reproduces: float32 or float16
     *     ({@code torch.randn(..., dtype=torch.float16)} is a different stream, not a rounding of float32's)
     */
    public TorchGenerator(long seed, Precision stream) {
        this.engine = new Mt19937(seed);
        this.stream = Objects.requireNonNull(stream, "stream");
    }

    /** The stream {@link #fillStandardNormal} uses. */
    public Precision stream() {
        return stream;
    }

    @Override
    public void fillStandardNormal(FloatTensor target) {
        randn(target, stream);
    }

    /**
     * Fills {@code target} like {@code torch.randn(target.shape, dtype=...)}; float16 values are stored exactly
     * (every half is a float).
     */
    public void randn(FloatTensor target, Precision dtype) {
        int size = target.size();
        if (size < 16) {
            for (int i = 0; i < size; i++) {
                double v = nextDoubleNormal();
                target.set(i, dtype == Precision.FP16 ? Float16.round((float) v) : (float) v);
            }
            return;
        }
        // torch draws all uniforms first, then transforms them in blocks of 16; each block only reads its own
        // uniforms, so streaming block by block gives the same values without a buffer as large as the tensor
        // (117 MB of latents for 60 s of video).
        float[] block = this.block;
        boolean half = dtype == Precision.FP16;
        int full = size - size % 16;
        for (int i = 0; i < full; i += 16) {
            for (int j = 0; j < 16; j++) {
                block[j] = half ? uniformHalf() : uniformFloat();
            }
            boxMuller16(block, 0, half);
            target.put(i, block, 0, 16);
        }
        if (size % 16 != 0) {
            for (int i = full; i < size; i++) {
                // drawn by torch for these positions, then overwritten by the recomputed tail block below
                if (half) {
                    uniformHalf();
                } else {
                    uniformFloat();
                }
            }
            for (int j = 0; j < 16; j++) {
                block[j] = half ? uniformHalf() : uniformFloat();
            }
            boxMuller16(block, 0, half);
            target.put(size - 16, block, 0, 16);
        }
    }

    /** A float32 {@code torch.randn(n)} as an array (tests, small draws). */
    public float[] randn(int n, Precision dtype) {
        FloatTensor t = FloatTensor.zeros(n);
        randn(t, dtype);
        return t.toArray();
    }

    private static void boxMuller16(float[] d, int at, boolean half) {
        for (int j = 0; j < 8; j++) {
            int a = at + j;
            int b = at + j + 8;
            if (half) {
                float u1 = 1 - d[a]; // exact in half: multiples of 2^-11 in (0, 1]
                float radius = Float16.round((float) Math.sqrt(-2 * (float) Math.log(u1)));
                // torch: Half theta = 2.0f * pi<double> * u2, computed in double, narrowed to float, then to half
                float theta = Float16.round((float) (2.0f * Math.PI * d[b]));
                d[a] = Float16.round(radius * (float) Math.cos(theta));
                d[b] = Float16.round(radius * (float) Math.sin(theta));
            } else {
                float u1 = 1 - d[a];
                float radius = (float) Math.sqrt(-2 * (float) Math.log(u1));
                float theta = (float) (2.0f * Math.PI * d[b]);
                d[a] = radius * (float) Math.cos(theta);
                d[b] = radius * (float) Math.sin(theta);
            }
        }
    }

    /** at::uniform_real_distribution&lt;float&gt;(0, 1): 24 random bits. */
    private float uniformFloat() {
        return (engine.nextInt() & ((1 << 24) - 1)) * 0x1p-24f;
    }

    /** at::uniform_real_distribution&lt;Half&gt;(0, 1): 11 random bits. */
    private float uniformHalf() {
        return (engine.nextInt() & ((1 << 11) - 1)) * 0x1p-11f;
    }

    /** at::uniform_real_distribution&lt;double&gt;(0, 1): 53 bits of a 64-bit draw (first 32-bit draw high). */
    private double uniformDouble() {
        long hi = engine.nextInt() & 0xffffffffL;
        long lo = engine.nextInt() & 0xffffffffL;
        long bits = (hi << 32) | lo;
        return (bits & ((1L << 53) - 1)) * 0x1p-53;
    }

    /** at::normal_distribution&lt;double&gt;(0, 1) with the generator's cached second Box-Muller value. */
    private double nextDoubleNormal() {
        if (hasCachedNormal) {
            hasCachedNormal = false;
            return cachedNormal;
        }
        double u1 = uniformDouble();
        double u2 = uniformDouble();
        double r = Math.sqrt(-2.0 * Math.log1p(-u2));
        double theta = TWO_PI * u1;
        cachedNormal = r * Math.sin(theta);
        hasCachedNormal = true;
        return r * Math.cos(theta);
    }
}
