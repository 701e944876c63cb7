/**
 * Nonlinear least-squares solvers (Gauss-Newton, Levenberg-Marquardt) over three linear solvers:
 * fp64 sparse Cholesky (reference), fp32 CGNR and fp16/fp32 mixed-precision CGNR; configuration,
 * reports and per-precision operation counts.
 */
package org.edgeai.slam.solve;
