package org.edgeai.kernel.ops;

import org.edgeai.kernel.testing.KernelsContract;

/** The scalar reference kernels against the double/exact oracle. */
class ReferenceKernelsTest extends KernelsContract {
    @Override
    protected Kernels kernels() {
        return Kernels.reference();
    }
}
