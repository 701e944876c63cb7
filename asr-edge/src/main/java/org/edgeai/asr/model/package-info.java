/**
 * The deployed recognizer on kernel layers: model files (f32 or int8 weights), the streaming
 * encoder (features to CTC log-probabilities or RNN-T encoder projections) and the RNN-T
 * prediction network and joiner. Never uses DJL.
 */
package org.edgeai.asr.model;
