/**
 * Layers for streaming on-device inference (Dense, GRU, LSTM, causal Conv1d) and image layers (Conv2d, depthwise, pointwise, pooling), each in f32, f16 or int8 weight precision through {@link org.edgeai.kernel.nn.Linear}.
 */
package org.edgeai.kernel.nn;
