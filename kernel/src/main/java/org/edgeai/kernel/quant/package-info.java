/**
 * int8 quantization: per-channel symmetric weights, per-tensor activations with zero points, Q0.31 requantization with round-half-to-even and saturation (TFLite quantization spec).
 */
package org.edgeai.kernel.quant;
