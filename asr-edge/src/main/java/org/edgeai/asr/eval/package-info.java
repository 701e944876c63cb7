/**
 * Scoring: word and character error rates by Levenshtein alignment, per-utterance, per-speaker,
 * per-gender and corpus reports, CPU cost and endpoint delays; decoder sweeps on a dev split.
 */
package org.edgeai.asr.eval;
