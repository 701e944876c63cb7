package org.edgeai.nas.bench;

/** The check shared by {@link Nb201Table#measuredLatency} and {@link FbnetTable#measuredLatency}. Stateless. */
final class Measured {
    private Measured() {
    }

    /**
     * @param source file name, for messages
     * @param idName the id column ({@code nb201_index}, {@code sample_id})
     * @param ids    id per row
     * @param device device name
     * @param v      latency per row, ms. Returned as is.
     * @return {@code v}
     * @throws IllegalArgumentException naming the file, the row's id and the column if a value is empty (NaN) or not
     *                                  positive and finite
     */
    static double[] require(String source, String idName, int[] ids, String device, double[] v) {
        for (int r = 0; r < v.length; r++) {
            if (!(v[r] > 0) || Double.isInfinite(v[r])) {
                throw new IllegalArgumentException(source + ": row with " + idName + " " + ids[r] + ": column lat_ms_" + device
                        + (Double.isNaN(v[r]) ? " is empty" : " = " + v[r] + " ms, must be positive")
                        + " (every training row needs a measured latency)");
            }
        }
        return v;
    }
}
