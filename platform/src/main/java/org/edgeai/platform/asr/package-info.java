/** {@code edgeai asr} commands and the {@code edgeai.v1.Asr} gRPC adapter over asr-edge. */
package org.edgeai.platform.asr;
