/** Streaming recognition: chunked audio in, interim and final results with word timings out. */
package org.edgeai.asr.stream;
