/** Implementation details of the NAS module (CSV parsing, ranking statistics); not exported. */
package org.edgeai.nas.internal;
