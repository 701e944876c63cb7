package org.edgeai.enhance.dsp;

import java.util.Arrays;

/**
 * Chunk-by-chunk version of {@link Resampler}: the concatenated outputs of {@link #push} and
 * {@link #finish} equal {@link Resampler#process} of the concatenated input, sample for sample
 * (same filter, same summation order). An output sample is emitted once every input it needs has
 * arrived, so the stream lags by the filter's half-length ({@code ZERO_CROSSINGS} samples at the
 * lower rate, 2 ms at 16 kHz).
 *
 * @implNote Owns its buffer: not thread-safe. {@link #push} allocates its result.
 */
public final class StreamingResampler {
    private final Resampler r;
    private final int up;
    private final int down;
    private final int half;
    private float[] buf = new float[1024];
    private long base;   // input index of buf[0]
    private long count;  // inputs received
    private long next;   // next output index
    private boolean finished;

    /** @throws IllegalArgumentException as {@link Resampler#Resampler(int, int)} */
    public StreamingResampler(int inRateHz, int outRateHz) {
        this.r = new Resampler(inRateHz, outRateHz);
        this.up = r.up();
        this.down = r.down();
        this.half = r.half();
    }

    /** @return true when input and output rates are equal (a pass-through) */
    public boolean identity() {
        return up == 1 && down == 1;
    }

    /**
     * @param x input chunk. Not modified.
     * @return the output samples that became computable
     * @throws IllegalStateException after {@link #finish}
     */
    public float[] push(float[] x) {
        if (finished) {
            throw new IllegalStateException("resampler already finished");
        }
        if (identity()) {
            count += x.length;
            return x.clone();
        }
        int used = (int) (count - base);
        if (used + x.length > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, used + x.length));
        }
        System.arraycopy(x, 0, buf, used, x.length);
        count += x.length;
        // outputs whose last needed input index floor((o*down + half)/up) < count
        long last = Math.floorDiv(count * up - half - 1, (long) down); // largest o with o*down + half < count*up
        return emit(last);
    }

    /**
     * @return the remaining output (inputs beyond the end are zero), so the total output length is
     *         {@link Resampler#outputLength} of the total input
     */
    public float[] finish() {
        if (finished) {
            throw new IllegalStateException("resampler already finished");
        }
        finished = true;
        if (identity()) {
            return new float[0];
        }
        long total = (count * up + down - 1) / down;
        return emit(total - 1);
    }

    private float[] emit(long lastOutput) {
        int n = (int) Math.max(0, lastOutput - next + 1);
        float[] y = new float[n];
        for (int k = 0; k < n; k++) {
            long o = next + k;
            long t = o * down;
            long iLo = Math.max(0, Resampler.ceilDiv(t - half, up));
            long iHi = Math.min(count - 1, Math.floorDiv(t + half, (long) up));
            double acc = 0;
            for (long i = iLo; i <= iHi; i++) {
                acc += buf[(int) (i - base)] * r.tap(t - i * up);
            }
            y[k] = (float) acc;
        }
        next += n;
        // drop inputs no future output needs
        long keepFrom = Math.max(0, Resampler.ceilDiv(next * down - half, up));
        if (keepFrom > base) {
            int drop = (int) Math.min(keepFrom - base, count - base);
            System.arraycopy(buf, drop, buf, 0, (int) (count - base) - drop);
            base += drop;
        }
        return y;
    }
}
