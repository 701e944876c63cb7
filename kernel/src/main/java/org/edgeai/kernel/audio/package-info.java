/**
 * Audio file decoding and WAV writing through javax.sound.sampled, and sample-rate conversion
 * (Kaiser-windowed sinc, whole-signal {@link org.edgeai.kernel.audio.Resampler} and chunk-by-chunk
 * {@link org.edgeai.kernel.audio.StreamingResampler} with identical outputs).
 */
package org.edgeai.kernel.audio;
