/**
 * The MobileNet-style search space (IBN and fused-IBN blocks, curated or uncurated channel widths),
 * candidate networks built from kernel layers (one description: executable network and model
 * graph), their costs through {@link org.edgeai.kernel.graph.GraphCostModel}, and the expert-rule
 * transform.
 */
package org.edgeai.nas.space;
