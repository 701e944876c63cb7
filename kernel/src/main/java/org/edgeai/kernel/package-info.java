/**
 * Core types: {@link org.edgeai.kernel.Tensor} over primitive arrays, {@link org.edgeai.kernel.DType}, the data-directory setting and {@link org.edgeai.kernel.Progress} reporting.
 */
package org.edgeai.kernel;
