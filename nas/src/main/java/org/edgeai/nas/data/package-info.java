/** Image data readers (IDX: MNIST / Fashion-MNIST) for candidate training. */
package org.edgeai.nas.data;
