/** The dataset catalogue and the benchmark harness behind {@code edgeai slam bench}. */
package org.edgeai.slam.bench;
