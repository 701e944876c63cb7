/**
 * The versioned, checksummed model file format, and atomic whole-file writes
 * ({@link org.edgeai.kernel.io.AtomicFiles}).
 */
package org.edgeai.kernel.io;
