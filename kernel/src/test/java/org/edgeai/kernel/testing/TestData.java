package org.edgeai.kernel.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.edgeai.kernel.DataDirectory;

/**
 * Locates the real data sets for tests. The build passes {@code -Dedgeai.data=../shared/data}
 * (overridable with {@code EDGEAI_DATA}). A missing data set <b>fails</b> the test with a message
 * saying where it looked and how to fix it; tests never skip silently.
 */
public final class TestData {
    private TestData() {
    }

    /** @return the data directory ({@link DataDirectory#resolve} with no explicit value) */
    public static Path root() {
        return DataDirectory.resolve(null);
    }

    /**
     * @param relative a path under the data directory, e.g. {@code "slam/pgo2d/intel.g2o"}
     * @return the existing file or directory
     * @throws AssertionError naming the expected location when it does not exist
     */
    public static Path require(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new AssertionError("test data missing: " + p + " (data directory " + root()
                    + "; clone ../shared beside the repository or set EDGEAI_DATA)");
        }
        return p;
    }
}
