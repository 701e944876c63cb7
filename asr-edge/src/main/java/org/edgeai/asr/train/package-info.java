/**
 * Training with DJL (PyTorch engine, CPU, offline): feature cache, CTC and RNN-T networks, the
 * training loop with plain-Java losses fed back as output gradients, checkpoints and export to
 * kernel model files. Optional: DJL is needed only here, never for inference.
 */
package org.edgeai.asr.train;
