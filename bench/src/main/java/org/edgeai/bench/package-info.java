/**
 * JMH benchmarks of the edgeai kernels and capabilities. Every benchmark forks a JVM with
 * {@code --add-modules jdk.incubator.vector}. {@link org.edgeai.bench.KernelReport} runs the
 * kernel GEMV/GEMM set and prints GOPS against the scalar reference and the machine's peak.
 */
package org.edgeai.bench;
