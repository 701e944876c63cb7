/** Objective speech-quality metrics: SI-SDR, segmental SNR, STOI and ESTOI. */
package org.edgeai.enhance.metrics;
