/**
 * Entry points of the SLAM back end: {@link org.edgeai.slam.SlamProblem} (a pose graph or a
 * bundle adjustment problem) and {@link org.edgeai.slam.Slam}, which loads a file and solves it
 * with a {@link org.edgeai.slam.solve.SolverConfig}.
 */
package org.edgeai.slam;
