/**
 * Training with DJL (PyTorch engine, CPU, offline). The only package that touches DJL; DJL is an
 * optional dependency and nothing outside this package loads it.
 */
package org.edgeai.enhance.train;
