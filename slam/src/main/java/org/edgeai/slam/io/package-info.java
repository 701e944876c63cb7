/**
 * File formats: g2o pose graphs (read and atomic write) and Bundle Adjustment in the Large text
 * files. Malformed input raises {@link org.edgeai.slam.io.SlamFormatException} naming file and line.
 */
package org.edgeai.slam.io;
