/**
 * Decoding: streaming CTC best path and lexicon-constrained prefix beam search with a word n-gram
 * LM built from training transcripts; word timings from emission steps.
 */
package org.edgeai.asr.decode;
