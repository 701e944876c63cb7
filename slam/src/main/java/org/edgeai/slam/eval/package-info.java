/** Trajectory evaluation: rigid alignment (Horn/Umeyama), ATE, RPE and cumulative error distributions. */
package org.edgeai.slam.eval;
