package org.edgeai.accel;

/**
 * Where the energy of one execution goes, joules.
 *
 * @param arrayJoules  MAC array arithmetic
 * @param vectorJoules vector unit arithmetic
 * @param hostJoules   host core arithmetic (fp32 fallbacks)
 * @param sramJoules   on-chip buffer accesses
 * @param dramJoules   DRAM transfers
 */
public record EnergyBreakdown(double arrayJoules, double vectorJoules, double hostJoules, double sramJoules,
                              double dramJoules) {
    /** @return the sum of all parts */
    public double totalJoules() {
        return arrayJoules + vectorJoules + hostJoules + sramJoules + dramJoules;
    }
}
