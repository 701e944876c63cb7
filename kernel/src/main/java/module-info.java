/**
 * The edgeai kernel: tensors over primitive arrays, int8/fp16 quantization, scalar reference and
 * Vector API kernels, streaming inference layers, the versioned model file format, the model graph
 * description consumed by the accelerator simulator and the NAS, and audio file I/O.
 *
 * <p>Depends on the JDK only. The Vector API ({@code jdk.incubator.vector}, JEP 508, incubating in
 * JDK 25) is an optional dependency: when the module is not resolved (no
 * {@code --add-modules jdk.incubator.vector}) the kernel falls back to the scalar reference kernels.
 */
module org.edgeai.kernel {
    requires static jdk.incubator.vector;
    requires java.desktop; // javax.sound.sampled: WAV parsing and the audio file reader SPI

    exports org.edgeai.kernel;
    exports org.edgeai.kernel.quant;
    exports org.edgeai.kernel.ops;
    exports org.edgeai.kernel.nn;
    exports org.edgeai.kernel.graph;
    exports org.edgeai.kernel.io;
    exports org.edgeai.kernel.audio;
}
