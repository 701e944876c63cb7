/**
 * Speech features: streaming log-mel filterbanks (JTransforms FFT), causal mean/variance
 * normalization and speed perturbation (band-limited, through the kernel's
 * {@link org.edgeai.kernel.audio.Resampler}, which also converts wrong input rates).
 */
package org.edgeai.asr.features;
