/** The {@code edgeai denoise} commands and the {@code edgeai.v1.SpeechEnhancement} gRPC adapter (thin, over audio-enhance). */
package org.edgeai.platform.enhance;
