package org.edgeai.platform.server;

import io.grpc.BindableService;
import java.util.ArrayList;
import java.util.List;

/**
 * Every capability service the server hosts. Capability issues add one line each to
 * {@link #services}; the adapters live in {@code org.edgeai.platform.<capability>}.
 *
 * @implNote Stateless; thread-safe. Each call builds new service instances.
 */
public final class ServiceCatalog {
    private ServiceCatalog() {
    }

    /**
     * @param config the server configuration (data directory, limits)
     * @return new service instances, one per capability
     */
    public static List<BindableService> services(ServerConfig config) {
        List<BindableService> s = new ArrayList<>();
        s.add(new PlatformGrpcService(config));
        s.add(new org.edgeai.platform.accel.AcceleratorGrpcService());
        s.add(new org.edgeai.platform.nas.NasGrpcService(config.dataDir()));
        s.add(new org.edgeai.platform.asr.AsrGrpcService(config.dataDir()));
        s.add(new org.edgeai.platform.slam.SlamGrpcService(config.dataDir()));
        s.add(new org.edgeai.platform.enhance.EnhanceGrpcService());
        return s;
    }
}
