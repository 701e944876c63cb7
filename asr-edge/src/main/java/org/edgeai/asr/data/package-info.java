/** Corpus manifests, speaker tables and the character vocabulary. */
package org.edgeai.asr.data;
