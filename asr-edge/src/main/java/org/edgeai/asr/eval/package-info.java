/** Scoring: word and character error rates by Levenshtein alignment, per-utterance and corpus reports. */
package org.edgeai.asr.eval;
