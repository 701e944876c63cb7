package org.edgeai.slam.eval;

/**
 * Trajectory accuracy against ground truth (Sturm et al., "A benchmark for the evaluation of RGB-D
 * SLAM systems", IROS 2012, section VI): absolute trajectory error (ATE) after rigid alignment and
 * relative pose error (RPE) between consecutive poses (no alignment needed).
 *
 * @param poses           number of poses compared (matched by vertex id)
 * @param ateRmse         ATE root mean square translation error (metres)
 * @param ateMean         ATE mean (metres)
 * @param ateMedian       ATE median (metres)
 * @param ateMax          ATE maximum (metres)
 * @param rpeTranslationRmse RPE translation RMSE over consecutive id pairs (metres)
 * @param rpeRotationRmseRad RPE rotation RMSE (rad)
 * @param alignment       the rigid transform applied to the estimate
 * @param ate             per-pose ATE distribution
 * @param rpeTranslation  per-pair RPE translation distribution
 */
public record TrajectoryErrors(int poses, double ateRmse, double ateMean, double ateMedian, double ateMax,
                               double rpeTranslationRmse, double rpeRotationRmseRad, RigidAlignment alignment,
                               ErrorDistribution ate, ErrorDistribution rpeTranslation) {
}
