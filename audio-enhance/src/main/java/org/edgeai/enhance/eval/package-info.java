/** Evaluation on (noisy, clean) pairs: oracle ceilings, the MMSE-LSA baseline and the dev report. */
package org.edgeai.enhance.eval;
