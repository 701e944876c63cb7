package org.edgeai.platform;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/**
 * Build and runtime versions.
 *
 * @implNote Thread-safe: {@code edgeai-build.properties} is loaded once, in the static initializer
 *           (an {@link IllegalStateException} there fails class initialization), and never modified
 *           afterwards.
 */
public final class Versions {
    private static final Properties BUILD = load();

    private Versions() {
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/edgeai-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read edgeai-build.properties", e);
        }
        return p;
    }

    /** @return the edgeai version (the Maven project version) */
    public static String edgeai() {
        return BUILD.getProperty("edgeai.version", "unknown");
    }

    /** @param key a build property such as {@code grpc.version} @return its value or "unknown" */
    public static String build(String key) {
        return BUILD.getProperty(key, "unknown");
    }

    /**
     * picocli {@code --version}.
     *
     * @implNote Stateless; thread-safe.
     */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"edgeai " + edgeai(), "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
        }
    }
}
