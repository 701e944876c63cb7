/**
 * Streaming on-device speech recognition on the edgeai kernel. Sub-packages: {@code features}
 * (log-mel, CMVN, resampling), {@code data} (manifests, vocabulary), {@code loss} (CTC, RNN-T),
 * {@code model} (kernel encoder, transducer), {@code decode} (greedy, CTC and RNN-T lexicon beam search, word LM),
 * {@code stream} (the streaming recognizer), {@code eval} (WER/CER, per speaker and gender, CPU
 * cost, delays) and {@code train} (DJL training, optional dependency).
 */
package org.edgeai.asr;
