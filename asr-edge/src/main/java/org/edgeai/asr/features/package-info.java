/**
 * Speech features: streaming log-mel filterbanks (JTransforms FFT), causal mean/variance
 * normalization and band-limited resampling (wrong input rates, speed perturbation).
 */
package org.edgeai.asr.features;
