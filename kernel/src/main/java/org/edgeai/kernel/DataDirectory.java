package org.edgeai.kernel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the one data-directory setting of the platform: an explicit value (the CLI's
 * {@code --data-dir}), else the environment variable {@code EDGEAI_DATA}, else the system property
 * {@code edgeai.data} (set by the build for tests and by the launcher), else {@code ../shared/data}
 * relative to the repository root (system property {@code edgeai.home}, else the working directory).
 *
 * @implNote Stateless; thread-safe.
 */
public final class DataDirectory {
    /** Data sets the platform knows, as sub-directories of the data directory. */
    public static final List<String> KNOWN_DATASETS = List.of("audio", "asr", "slam", "nas", "vision", "accel");

    private DataDirectory() {
    }

    /**
     * @param explicit the {@code --data-dir} value, or null/blank when not given
     * @return the data directory (not checked for existence)
     */
    public static Path resolve(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        String env = System.getenv("EDGEAI_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        String prop = System.getProperty("edgeai.data");
        if (prop != null && !prop.isBlank()) {
            return Path.of(prop).toAbsolutePath().normalize();
        }
        String home = System.getProperty("edgeai.home", ".");
        return Path.of(home).toAbsolutePath().resolve("../shared/data").normalize();
    }

    /**
     * @param dataDir the data directory
     * @return the known data sets present under it (sub-directory exists)
     */
    public static List<String> presentDatasets(Path dataDir) {
        List<String> found = new ArrayList<>();
        for (String d : KNOWN_DATASETS) {
            if (Files.isDirectory(dataDir.resolve(d))) {
                found.add(d);
            }
        }
        return found;
    }

    /**
     * @param dataDir the data directory
     * @param dataset a sub-directory name such as {@code "slam"}
     * @return {@code dataDir/dataset}
     * @throws IllegalStateException with a message saying how to point the platform at the data,
     *                               when the directory does not exist
     */
    public static Path require(Path dataDir, String dataset) {
        Path p = dataDir.resolve(dataset);
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException("data set '" + dataset + "' not found at " + p
                    + ": pass --data-dir, or set EDGEAI_DATA, to the folder that holds " + KNOWN_DATASETS);
        }
        return p;
    }
}
