/**
 * Reference networks as {@link org.edgeai.kernel.graph.ModelGraph}s, described exactly as the
 * kernel's layers describe themselves (same op kinds, shapes, precisions and names), without
 * allocating weights; used by {@code edgeai sim --topology MODEL} and the benchmarks.
 */
package org.edgeai.accel.zoo;
