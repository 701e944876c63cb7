/**
 * Signal processing of the enhancer: power-complementary STFT (JTransforms), ERB bands, pitch
 * tracking (normalized cross-correlation + Viterbi), pitch comb filter, PercepNet oracle targets,
 * and a Kaiser windowed-sinc resampler.
 */
package org.edgeai.enhance.dsp;
