/** Implementation details of the ASR module (log-space arithmetic shared by the losses and decoders); not exported. */
package org.edgeai.asr.internal;
