/**
 * Numeric kernels behind one SPI: scalar reference implementations (the oracle) and Vector API implementations checked against them.
 */
package org.edgeai.kernel.ops;
