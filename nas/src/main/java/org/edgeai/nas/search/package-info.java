/**
 * Architecture searches: table-driven NAS-Bench-201 searches (random, regularized evolution, a
 * Jenetics GA, surrogate-guided evolution) under latency and query budgets, and the multi-seed
 * benchmark that compares them.
 */
package org.edgeai.nas.search;
