/**
 * Audio file decoding and WAV writing through javax.sound.sampled.
 */
package org.edgeai.kernel.audio;
