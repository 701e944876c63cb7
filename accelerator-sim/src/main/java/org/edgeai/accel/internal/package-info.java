/**
 * Implementation of the simulator: closed-form array cycle models and the lowering of every
 * {@link org.edgeai.kernel.graph.OpSpec} onto the array, vector unit or host. Not part of the API.
 */
package org.edgeai.accel.internal;
