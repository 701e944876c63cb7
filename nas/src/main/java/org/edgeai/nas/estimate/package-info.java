/**
 * Device latency estimators: an architecture is decomposed into parts (executed NAS-Bench-201 edge
 * ops, FBNet (layer, block) choices) whose fitted latencies are summed, with a learned
 * gradient-boosted correction (XGBoost via Tribuo); validation by architecture split.
 */
package org.edgeai.nas.estimate;
