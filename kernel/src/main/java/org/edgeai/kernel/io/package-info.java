/**
 * The versioned, checksummed model file format.
 */
package org.edgeai.kernel.io;
