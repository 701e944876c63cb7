/**
 * Vector API kernels (not exported; loaded through {@link org.edgeai.kernel.ops.Kernels#best()}).
 */
package org.edgeai.kernel.simd;
