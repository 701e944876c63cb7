/** SLAM back end. */
package org.edgeai.slam;
