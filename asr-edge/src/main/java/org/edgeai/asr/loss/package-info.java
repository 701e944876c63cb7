/**
 * Sequence losses computed in plain Java with their gradients with respect to the network
 * outputs: CTC (Graves et al. 2006) and the RNN-T transducer loss (Graves 2012). Training code
 * feeds these gradients back into the network (DJL) as output gradients.
 */
package org.edgeai.asr.loss;
