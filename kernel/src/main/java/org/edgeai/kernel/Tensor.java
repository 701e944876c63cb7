package org.edgeai.kernel;

import java.util.Arrays;
import java.util.Objects;
import org.edgeai.kernel.quant.QuantParams;
import org.edgeai.kernel.quant.Quantization;

/**
 * A dense n-dimensional tensor over a primitive array, with a shape, element strides and an offset.
 *
 * <p>Layout: element {@code (i0, ..., i_{r-1})} lives at {@code data[offset + sum_k i_k * strides[k]]}.
 * Tensors built by the factories are contiguous row-major (last index fastest). {@link #transpose},
 * {@link #slice} and {@link #reshape} return views that share the backing array; {@link #contiguous}
 * copies when needed. Storage per {@link DType}: F32 {@code float[]}, F16 {@code short[]} (binary16
 * bits), I8 {@code byte[]} (with {@link QuantParams}), I32 {@code int[]}.
 *
 * <p>Hot paths use the raw arrays ({@link #f32()}, {@link #i8()}, ...) with {@link #offset()} and
 * the kernels in {@link org.edgeai.kernel.ops}; element accessors here are for I/O and tests.
 *
 * @implNote Not thread-safe for writes; views alias their source.
 */
public final class Tensor {
    private final DType dtype;
    private final int[] shape;
    private final int[] strides;
    private final int offset;
    private final Object data;
    private final QuantParams quant;

    private Tensor(DType dtype, int[] shape, int[] strides, int offset, Object data, QuantParams quant) {
        this.dtype = dtype;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
        this.data = data;
        this.quant = quant;
    }

    // ----------------------------------------------------------------------------------- factories

    /**
     * @param dtype element type
     * @param shape non-negative dimensions (rank 0 is a scalar)
     * @return a zero-filled contiguous tensor; I8 tensors get per-tensor params (scale 1, zero point 0)
     * @throws IllegalArgumentException if a dimension is negative or the element count exceeds 2^31-1
     */
    public static Tensor zeros(DType dtype, int... shape) {
        int n = numel(shape);
        Object data = switch (dtype) {
            case F32 -> new float[n];
            case F16 -> new short[n];
            case I8 -> new byte[n];
            case I32 -> new int[n];
        };
        return new Tensor(dtype, shape.clone(), rowMajorStrides(shape), 0, data,
                dtype == DType.I8 ? QuantParams.perTensor(1f, 0) : null);
    }

    /**
     * Wraps (does not copy) a float array as a contiguous tensor.
     *
     * @throws IllegalArgumentException if {@code data.length != prod(shape)}
     */
    public static Tensor ofF32(float[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(DType.F32, shape.clone(), rowMajorStrides(shape), 0, data, null);
    }

    /** Wraps binary16 bit patterns. @throws IllegalArgumentException on a length mismatch */
    public static Tensor ofF16(short[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(DType.F16, shape.clone(), rowMajorStrides(shape), 0, data, null);
    }

    /**
     * Wraps int8 values with their quantization parameters.
     *
     * @throws IllegalArgumentException on a length mismatch, or if a per-channel axis is out of
     *                                  range or has a different number of scales than that dimension
     */
    public static Tensor ofI8(byte[] data, QuantParams quant, int... shape) {
        checkLength(data.length, shape);
        Objects.requireNonNull(quant, "quant");
        if (!quant.isPerTensor()) {
            if (quant.axis() >= shape.length || shape[quant.axis()] != quant.scales().length) {
                throw new IllegalArgumentException("per-channel axis " + quant.axis() + " with "
                        + quant.scales().length + " scales does not fit shape " + Arrays.toString(shape));
            }
        }
        return new Tensor(DType.I8, shape.clone(), rowMajorStrides(shape), 0, data, quant);
    }

    /** Wraps an int array. @throws IllegalArgumentException on a length mismatch */
    public static Tensor ofI32(int[] data, int... shape) {
        checkLength(data.length, shape);
        return new Tensor(DType.I32, shape.clone(), rowMajorStrides(shape), 0, data, null);
    }

    // ----------------------------------------------------------------------------------- metadata

    /** @return the element type */
    public DType dtype() {
        return dtype;
    }

    /** @return a copy of the dimensions */
    public int[] shape() {
        return shape.clone();
    }

    /** @return dimension {@code d} */
    public int dim(int d) {
        return shape[d];
    }

    /** @return a copy of the element strides */
    public int[] strides() {
        return strides.clone();
    }

    /** @return the offset of element (0, ..., 0) in the backing array */
    public int offset() {
        return offset;
    }

    /** @return the number of dimensions */
    public int rank() {
        return shape.length;
    }

    /** @return the number of elements */
    public int numel() {
        return numel(shape);
    }

    /** @return quantization parameters (I8 only), else null */
    public QuantParams quant() {
        return quant;
    }

    /** @return storage size of the elements in bytes */
    public long byteSize() {
        return (long) numel() * dtype.byteSize();
    }

    /** @return true when the elements are laid out row-major without gaps from {@link #offset()} */
    public boolean isContiguous() {
        return Arrays.equals(strides, rowMajorStrides(shape));
    }

    // ----------------------------------------------------------------------------------- raw storage

    /** @return the backing float array (shared) @throws IllegalStateException unless F32 */
    public float[] f32() {
        return (float[]) storage(DType.F32);
    }

    /** @return the backing binary16 array (shared) @throws IllegalStateException unless F16 */
    public short[] f16() {
        return (short[]) storage(DType.F16);
    }

    /** @return the backing int8 array (shared) @throws IllegalStateException unless I8 */
    public byte[] i8() {
        return (byte[]) storage(DType.I8);
    }

    /** @return the backing int array (shared) @throws IllegalStateException unless I32 */
    public int[] i32() {
        return (int[]) storage(DType.I32);
    }

    private Object storage(DType want) {
        if (dtype != want) {
            throw new IllegalStateException("tensor is " + dtype + ", not " + want);
        }
        return data;
    }

    // ----------------------------------------------------------------------------------- elements

    /**
     * @param index one index per dimension
     * @return the element as a float (F16 widened, I8 dequantized, I32 converted)
     * @throws IndexOutOfBoundsException if an index is out of range or the rank differs
     */
    public float getFloat(int... index) {
        int p = position(index);
        return switch (dtype) {
            case F32 -> ((float[]) data)[p];
            case F16 -> Float.float16ToFloat(((short[]) data)[p]);
            case I8 -> {
                int c = quant.isPerTensor() ? 0 : index[quant.axis()];
                yield Quantization.dequantize(((byte[]) data)[p], quant.scale(c), quant.zeroPoint(c));
            }
            case I32 -> ((int[]) data)[p];
        };
    }

    /**
     * Stores a float, converting to the storage type (F16 and I8 round to nearest even; I8 and I32
     * saturate).
     *
     * @throws IndexOutOfBoundsException if an index is out of range or the rank differs
     */
    public void setFloat(float value, int... index) {
        int p = position(index);
        switch (dtype) {
            case F32 -> ((float[]) data)[p] = value;
            case F16 -> ((short[]) data)[p] = Float.floatToFloat16(value);
            case I8 -> {
                int c = quant.isPerTensor() ? 0 : index[quant.axis()];
                ((byte[]) data)[p] = Quantization.quantize(value, quant.scale(c), quant.zeroPoint(c));
            }
            case I32 -> ((int[]) data)[p] = (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, Math.rint(value)));
        }
    }

    private int position(int[] index) {
        if (index.length != shape.length) {
            throw new IndexOutOfBoundsException("index of rank " + index.length + " for tensor of rank " + shape.length);
        }
        int p = offset;
        for (int d = 0; d < shape.length; d++) {
            if (index[d] < 0 || index[d] >= shape[d]) {
                throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " out of shape " + Arrays.toString(shape));
            }
            p += index[d] * strides[d];
        }
        return p;
    }

    // ----------------------------------------------------------------------------------- views

    /**
     * @return a view with the same elements in a new shape
     * @throws IllegalArgumentException if the element count differs
     * @throws IllegalStateException    if this tensor is not contiguous (call {@link #contiguous()} first)
     */
    public Tensor reshape(int... newShape) {
        if (numel(newShape) != numel()) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to " + Arrays.toString(newShape));
        }
        if (!isContiguous()) {
            throw new IllegalStateException("reshape needs a contiguous tensor; call contiguous() first");
        }
        if (quant != null && !quant.isPerTensor()) {
            throw new IllegalStateException("cannot reshape a per-channel quantized tensor");
        }
        return new Tensor(dtype, newShape.clone(), rowMajorStrides(newShape), offset, data, quant);
    }

    /** @return a view with dimensions {@code a} and {@code b} swapped (no copy) */
    public Tensor transpose(int a, int b) {
        int[] s = shape.clone();
        int[] st = strides.clone();
        s[a] = shape[b];
        s[b] = shape[a];
        st[a] = strides[b];
        st[b] = strides[a];
        QuantParams q = quant;
        if (q != null && !q.isPerTensor() && (q.axis() == a || q.axis() == b)) {
            q = new QuantParams(q.scales(), q.zeroPoints(), q.axis() == a ? b : a);
        }
        return new Tensor(dtype, s, st, offset, data, q);
    }

    /**
     * @return a view of indices {@code [start, end)} along dimension {@code dim}
     * @throws IndexOutOfBoundsException if the range is invalid
     */
    public Tensor slice(int dim, int start, int end) {
        if (start < 0 || end > shape[dim] || start > end) {
            throw new IndexOutOfBoundsException("slice [" + start + ", " + end + ") of dimension " + dim + " with size " + shape[dim]);
        }
        if (quant != null && !quant.isPerTensor() && quant.axis() == dim) {
            throw new IllegalStateException("cannot slice along the quantized axis");
        }
        int[] s = shape.clone();
        s[dim] = end - start;
        return new Tensor(dtype, s, strides.clone(), offset + start * strides[dim], data, quant);
    }

    /** @return this tensor if contiguous, else a contiguous copy */
    public Tensor contiguous() {
        if (isContiguous()) {
            return this;
        }
        Tensor out = zerosLike(dtype);
        copyInto(out);
        return out;
    }

    /** @return a contiguous copy (never shares storage with this tensor) */
    public Tensor copy() {
        Tensor out = zerosLike(dtype);
        copyInto(out);
        return out;
    }

    private Tensor zerosLike(DType t) {
        Tensor z = zeros(t, shape);
        return quant != null && t == DType.I8 ? new Tensor(t, z.shape, z.strides, 0, z.data, quant) : z;
    }

    private void copyInto(Tensor out) {
        int n = numel();
        int[] idx = new int[shape.length];
        for (int i = 0; i < n; i++) {
            int src = offset;
            for (int d = 0; d < shape.length; d++) {
                src += idx[d] * strides[d];
            }
            switch (dtype) {
                case F32 -> ((float[]) out.data)[i] = ((float[]) data)[src];
                case F16 -> ((short[]) out.data)[i] = ((short[]) data)[src];
                case I8 -> ((byte[]) out.data)[i] = ((byte[]) data)[src];
                case I32 -> ((int[]) out.data)[i] = ((int[]) data)[src];
            }
            for (int d = shape.length - 1; d >= 0; d--) {
                if (++idx[d] < shape[d]) {
                    break;
                }
                idx[d] = 0;
            }
        }
    }

    /** @return a contiguous F32 copy with every element converted by {@link #getFloat} */
    public Tensor toF32() {
        Tensor out = zeros(DType.F32, shape);
        float[] o = out.f32();
        int[] idx = new int[shape.length];
        for (int i = 0; i < o.length; i++) {
            o[i] = getFloat(idx);
            increment(idx);
        }
        return out;
    }

    /** @return a contiguous F16 copy (round to nearest even) */
    public Tensor toF16() {
        Tensor f = toF32();
        float[] src = f.f32();
        short[] h = new short[src.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = Float.floatToFloat16(src[i]);
        }
        return ofF16(h, shape);
    }

    private void increment(int[] idx) {
        for (int d = shape.length - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) {
                return;
            }
            idx[d] = 0;
        }
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + Arrays.toString(shape) + (quant != null ? " " + quant : "") + "]";
    }

    // ----------------------------------------------------------------------------------- helpers

    /**
     * @return the element count of {@code shape}
     * @throws IllegalArgumentException if a dimension is negative or the count overflows an int
     */
    public static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /** @return row-major strides (last dimension has stride 1) */
    public static int[] rowMajorStrides(int... shape) {
        int[] st = new int[shape.length];
        int s = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            st[d] = s;
            s *= Math.max(shape[d], 1);
        }
        return st;
    }

    private static void checkLength(int length, int[] shape) {
        int n = numel(shape);
        if (n != length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " needs " + n + " elements, array has " + length);
        }
    }
}
