package org.edgeai.platform.server;

import io.grpc.stub.StreamObserver;
import org.edgeai.platform.InfoCommand;
import org.edgeai.platform.proto.GetInfoRequest;
import org.edgeai.platform.proto.PlatformGrpc;
import org.edgeai.platform.proto.PlatformInfo;

/** {@code edgeai.v1.Platform}: the same facts as {@code edgeai info}. */
final class PlatformGrpcService extends PlatformGrpc.PlatformImplBase {
    private final ServerConfig config;
    private volatile java.util.List<String> serviceNames = java.util.List.of();

    PlatformGrpcService(ServerConfig config) {
        this.config = config;
    }

    void setServiceNames(java.util.List<String> names) {
        this.serviceNames = java.util.List.copyOf(names);
    }

    @Override
    public void getInfo(GetInfoRequest request, StreamObserver<PlatformInfo> response) {
        InfoCommand.Info info = InfoCommand.collect(config.dataDir());
        PlatformInfo.Builder b = PlatformInfo.newBuilder()
                .setEdgeaiVersion(info.edgeaiVersion())
                .setJavaVersion(info.javaVersion())
                .setKernels(info.kernels())
                .setSimdBits(info.simdBits())
                .setDataDir(info.dataDir())
                .addAllServices(serviceNames);
        info.datasets().stream().filter(InfoCommand.Dataset::present).forEach(d -> b.addDatasets(d.name()));
        response.onNext(b.build());
        response.onCompleted();
    }
}
