/**
 * The model graph description: operators with shapes, precisions, parameter bytes and MAC counts, produced by any network built from kernel layers and priced by the accelerator simulator.
 */
package org.edgeai.kernel.graph;
