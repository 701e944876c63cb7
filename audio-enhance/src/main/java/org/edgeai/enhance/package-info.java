/**
 * Real-time speech enhancement in the PercepNet design (Valin et al., Interspeech 2020): the
 * {@link org.edgeai.enhance.SpeechEnhancer} interface, the {@link org.edgeai.enhance.PercepNetEnhancer}
 * (DSP + int8 network on the kernel, 30 ms delay), chunked streaming and whole-file helpers.
 */
package org.edgeai.enhance;
