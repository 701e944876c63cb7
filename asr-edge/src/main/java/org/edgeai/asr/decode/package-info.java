/**
 * Decoding: streaming CTC best path and lexicon-constrained prefix beam search with a word n-gram
 * LM built from training transcripts; RNN-T time-synchronous beam search with the same lexicon
 * constraint and optional LM shallow fusion; word timings from emission steps.
 */
package org.edgeai.asr.decode;
