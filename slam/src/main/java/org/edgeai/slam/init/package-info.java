/** Initial estimates for pose graphs: the file's estimate, the odometry spanning tree, chordal relaxation. */
package org.edgeai.slam.init;
