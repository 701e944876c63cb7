/** The gain network: model file layout and the per-stream network on the kernel layers. */
package org.edgeai.enhance.model;
