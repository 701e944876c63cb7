/**
 * Candidate training with DJL (PyTorch engine): the trainable twin of a candidate network, short
 * multishot training on Fashion-MNIST, and the zero-shot trainability proxies. Training code only;
 * never on an inference path.
 */
package org.edgeai.nas.train;
