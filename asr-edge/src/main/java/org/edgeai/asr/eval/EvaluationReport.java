package org.edgeai.asr.eval;

import java.util.List;

/**
 * Scores of a manifest.
 *
 * @param model model name and weight precision
 * @param decoder decoder description
 * @param corpus corpus totals (group "all")
 * @param substitutions word substitutions
 * @param deletions word deletions
 * @param insertions word insertions
 * @param cpuSecondsPerAudioSecond recognition CPU time / audio time, one thread
 * @param audioSeconds total audio
 * @param meanFinalDelayS mean of endpoint final delays (NaN if none)
 * @param medianFinalDelayS median endpoint final delay
 * @param p90FinalDelayS 90th percentile endpoint final delay
 * @param endpointFinals utterances whose last word's final came from endpoint detection
 * @param meanEmissionLagS mean (last word end by the model - acoustic end of speech)
 * @param speakers per-speaker scores
 * @param genders per-gender scores
 * @param utterances per-utterance results
 */
public record EvaluationReport(String model, String decoder, GroupScore corpus, int substitutions, int deletions,
                               int insertions, double cpuSecondsPerAudioSecond, double audioSeconds, double meanFinalDelayS,
                               double medianFinalDelayS, double p90FinalDelayS, int endpointFinals, double meanEmissionLagS,
                               List<GroupScore> speakers, List<GroupScore> genders, List<UtteranceResult> utterances) {
}
