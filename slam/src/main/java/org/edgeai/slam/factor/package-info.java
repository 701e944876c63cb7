/**
 * Measurement models with analytic Jacobians: g2o's SE(2) and SE(3) relative-pose errors, the
 * Snavely reprojection error of BAL, and robust losses.
 */
package org.edgeai.slam.factor;
