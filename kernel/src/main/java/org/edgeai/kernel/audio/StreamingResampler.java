package org.edgeai.kernel.audio;

import java.util.Arrays;

/**
 * Chunk-by-chunk version of {@link Resampler} (same Kaiser-windowed sinc polyphase filter, Crochiere
 * and Rabiner 1983 ch. 4): the concatenated outputs of {@link #push} and {@link #finish} equal
 * {@link Resampler#process} of the concatenated input, sample for sample (same filter, same summation
 * order), whatever the chunk sizes.
 *
 * <p>An output sample is emitted once every input it needs has arrived, so the stream lags by the
 * filter's half-length: {@value Resampler#ZERO_CROSSINGS} samples of the lower rate (2 ms at 16 kHz),
 * plus up to one output period. Inputs before the first chunk are taken as zero; {@link #finish}
 * takes inputs after the last chunk as zero and flushes the tail, so the total output length is
 * {@link Resampler#outputLength(int)} of the total input length. Samples are in any linear unit;
 * outputs are in the same unit.
 *
 * <p>Inputs are not scanned for NaN or infinity (a per-chunk hot path: garbage in, garbage out; a
 * non-finite input makes every output within the filter's reach non-finite). Call
 * {@link Resampler#checkFinite} when debugging.
 *
 * @implNote Owns its input buffer: one instance per stream, not thread-safe; {@link #reset()} starts a
 *           new stream. {@link #push} and {@link #finish} allocate their result, and the buffer grows
 *           (doubling) when a chunk is longer than what it holds; it keeps about
 *           {@code 2 * ZERO_CROSSINGS * max(1, inRateHz / outRateHz)} past inputs.
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

    /**
     * @param inRateHz  input sample rate in Hz, positive
     * @param outRateHz output sample rate in Hz, positive
     * @throws IllegalArgumentException as {@link Resampler#Resampler(int, int)}
     */
    public StreamingResampler(int inRateHz, int outRateHz) {
        this.r = new Resampler(inRateHz, outRateHz);
        this.up = r.up();
        this.down = r.down();
        this.half = r.half();
    }

    /** @return the input sample rate in Hz */
    public int inRateHz() {
        return r.inRateHz();
    }

    /** @return the output sample rate in Hz */
    public int outRateHz() {
        return r.outRateHz();
    }

    /** @return true when input and output rates are equal (a pass-through: each chunk is copied) */
    public boolean identity() {
        return r.identity();
    }

    /**
     * Feeds the next chunk of the stream.
     *
     * @param x input chunk at {@link #inRateHz()}, any length (0 allowed). Not modified.
     * @return the output samples at {@link #outRateHz()} that became computable (a new array, possibly
     *         empty)
     * @throws NullPointerException  if {@code x} is null
     * @throws IllegalStateException after {@link #finish} (until {@link #reset()})
     */
    public float[] push(float[] x) {
        if (finished) {
            throw new IllegalStateException("resampler already finished; call reset() to start a new stream");
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
     * Ends the stream: flushes the outputs that need inputs past the end (taken as zero).
     *
     * @return the remaining output (a new array, possibly empty); the total output length is then
     *         {@link Resampler#outputLength(int)} of the total input length
     * @throws IllegalStateException if already finished (until {@link #reset()})
     */
    public float[] finish() {
        if (finished) {
            throw new IllegalStateException("resampler already finished; call reset() to start a new stream");
        }
        finished = true;
        if (identity()) {
            return new float[0];
        }
        long total = (count * up + down - 1) / down;
        return emit(total - 1);
    }

    /** Forgets the stream (buffered inputs, position, finished state) so that the next push starts a new one. */
    public void reset() {
        base = 0;
        count = 0;
        next = 0;
        finished = false;
    }

    private float[] emit(long lastOutput) {
        long due = Math.max(0, lastOutput - next + 1);
        if (due > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(due + " output samples are due from one push (rate ratio " + up + "/" + down
                    + "): push shorter chunks");
        }
        int n = (int) due;
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
