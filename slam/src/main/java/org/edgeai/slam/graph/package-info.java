/** Problem data: {@link org.edgeai.slam.graph.PoseGraph} (2D/3D) and {@link org.edgeai.slam.graph.BundleProblem} (BAL). */
package org.edgeai.slam.graph;
