/**
 * Reference NAS benchmark tables ({@code ../shared/data/nas}): NAS-Bench-201 cells with accuracies and
 * device latencies, FBNet-space architectures with device latencies; readers report file and line
 * on malformed input.
 */
package org.edgeai.nas.bench;
