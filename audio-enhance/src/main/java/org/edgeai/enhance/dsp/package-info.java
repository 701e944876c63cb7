/**
 * Signal processing of the enhancer: power-complementary STFT (JTransforms), ERB bands, pitch
 * tracking (normalized cross-correlation + Viterbi), pitch comb filter and PercepNet oracle targets.
 * Sample-rate conversion is the kernel's {@link org.edgeai.kernel.audio.Resampler}.
 */
package org.edgeai.enhance.dsp;
