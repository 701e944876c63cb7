package org.edgeai.nas.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * An image classification set in the IDX format (MNIST / Fashion-MNIST): images magic 2051,
 * count, rows, cols, then {@code count*rows*cols} unsigned bytes row-major; labels magic 2049,
 * count, one byte each. Files may be gzipped ({@code .gz}).
 *
 * @param images {@code [count][rows*cols]} pixels scaled to [0, 1]
 * @param labels {@code [count]} class labels
 * @param rows   image height
 * @param cols   image width
 * @implNote Not defensively copied: {@link #images()} and {@link #labels()} return the internal arrays (and
 *           {@link #slice} shares the pixel rows), so a change made through them is seen by every holder. Safe
 *           to read from several threads; not safe to mutate the arrays while the set is shared.
 */
public record IdxImages(float[][] images, int[] labels, int rows, int cols) {
    /** Largest image side accepted from an IDX header, pixels. */
    public static final int MAX_SIDE = 4096;
    /** Fashion-MNIST training subset (first 10,000), relative to the {@code vision} data set. */
    public static final String FASHION_TRAIN_10K = "fashion-mnist/subset-10k-2k/train-%s-idx%d-ubyte.gz";
    /** Fashion-MNIST test subset (first 2,000). */
    public static final String FASHION_TEST_2K = "fashion-mnist/subset-10k-2k/t10k-%s-idx%d-ubyte.gz";
    /** Full Fashion-MNIST test set (10,000). */
    public static final String FASHION_TEST_FULL = "fashion-mnist/t10k-%s-idx%d-ubyte.gz";

    /**
     * @param visionDir the {@code vision} data directory
     * @param pattern   one of the {@code FASHION_*} patterns
     * @return the set
     * @throws IllegalArgumentException naming the file on a bad magic number, count mismatch, an image side over
     *                                  {@link #MAX_SIDE}, or truncation (also when the header claims more images
     *                                  than the file holds)
     * @throws UncheckedIOException     if a file cannot be read (also when it is missing)
     */
    public static IdxImages fashion(Path visionDir, String pattern) {
        return read(visionDir.resolve(String.format(java.util.Locale.ROOT, pattern, "images", 3)),
                visionDir.resolve(String.format(java.util.Locale.ROOT, pattern, "labels", 1)));
    }

    /**
     * @param imageFile IDX image file
     * @param labelFile IDX label file
     * @return the set
     * @throws IllegalArgumentException naming the file on a bad magic number, count mismatch, an image side over
     *                                  {@link #MAX_SIDE}, or truncation (also when the header claims more images
     *                                  than the file holds)
     * @throws UncheckedIOException     if a file cannot be read
     */
    public static IdxImages read(Path imageFile, Path labelFile) {
        try (DataInputStream im = open(imageFile); DataInputStream lb = open(labelFile)) {
            int magic = im.readInt();
            if (magic != 2051) {
                throw new IllegalArgumentException(imageFile + ": not an IDX image file (magic " + magic + ", expected 2051)");
            }
            int n = im.readInt();
            int rows = im.readInt();
            int cols = im.readInt();
            int lmagic = lb.readInt();
            if (lmagic != 2049) {
                throw new IllegalArgumentException(labelFile + ": not an IDX label file (magic " + lmagic + ", expected 2049)");
            }
            int ln = lb.readInt();
            if (ln != n || n < 0 || rows <= 0 || cols <= 0) {
                throw new IllegalArgumentException(imageFile + " / " + labelFile + ": " + n + " images of " + rows + "x" + cols
                        + " but " + ln + " labels");
            }
            if (rows > MAX_SIDE || cols > MAX_SIDE) {
                throw new IllegalArgumentException(imageFile + ": images of " + rows + "x" + cols + " pixels (at most " + MAX_SIDE
                        + " per side)");
            }
            // allocated image by image: a header that claims more images than the file holds ends in "truncated",
            // not in an OutOfMemoryError
            List<float[]> read = new ArrayList<>();
            byte[] buf = new byte[rows * cols];
            List<Integer> labelList = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                im.readFully(buf);
                float[] image = new float[rows * cols];
                read.add(image);
                for (int p = 0; p < buf.length; p++) {
                    image[p] = (buf[p] & 0xff) / 255f;
                }
                labelList.add(lb.readUnsignedByte());
            }
            int[] labels = labelList.stream().mapToInt(Integer::intValue).toArray();
            return new IdxImages(read.toArray(float[][]::new), labels, rows, cols);
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException(imageFile + " / " + labelFile + ": truncated IDX file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + imageFile + ": " + e.getMessage(), e);
        }
    }

    private static DataInputStream open(Path f) throws IOException {
        InputStream in = Files.newInputStream(f);
        if (f.getFileName().toString().endsWith(".gz")) {
            in = new GZIPInputStream(in, 1 << 16);
        }
        return new DataInputStream(new java.io.BufferedInputStream(in, 1 << 16));
    }

    /** @return number of examples */
    public int size() {
        return labels.length;
    }

    /**
     * @param from first example, inclusive
     * @param to   last example, exclusive
     * @return examples {@code [from, to)} (the pixel arrays are shared, not copied)
     * @throws IllegalArgumentException if the range is empty or outside {@code [0, size())}
     */
    public IdxImages slice(int from, int to) {
        if (from < 0 || to > size() || from >= to) {
            throw new IllegalArgumentException("slice [" + from + ", " + to + ") outside the " + size() + " examples or empty");
        }
        return new IdxImages(java.util.Arrays.copyOfRange(images, from, to), java.util.Arrays.copyOfRange(labels, from, to), rows, cols);
    }
}
