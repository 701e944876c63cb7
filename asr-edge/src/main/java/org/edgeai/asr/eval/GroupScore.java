package org.edgeai.asr.eval;

/**
 * Error rates of a group of utterances (a speaker, a gender, the corpus).
 *
 * @param group group name
 * @param utterances number of utterances
 * @param referenceWords reference words
 * @param wordErrors S + D + I over words
 * @param wer word error rate
 * @param cer character error rate
 */
public record GroupScore(String group, int utterances, int referenceWords, int wordErrors, double wer, double cer) {
}
