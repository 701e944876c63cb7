package org.edgeai.slam.internal;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.edgeai.slam.geometry.SE2;
import org.edgeai.slam.geometry.SE3;

/**
 * Odometry spanning-tree initialisation: breadth-first search from the gauge poses (kept at their
 * file estimate), composing each edge's measurement ({@code X_b = X_a Z}, or {@code X_a = X_b Z^-1}
 * when traversed backwards). Odometry edges (consecutive ids) are explored before loop closures,
 * so on a trajectory the tree is the odometry chain.
 */
public final class SpanningTree {
    private SpanningTree() {
    }

    /** @return the initial state in solver layout */
    public static double[] initialize(PoseGraphModel model) {
        int n = model.n;
        int stride = model.stride;
        double[] x = model.initialState();
        // adjacency, odometry edges first
        int[] deg = new int[n + 1];
        for (int e = 0; e < model.m; e++) {
            deg[model.from[e]]++;
            deg[model.to[e]]++;
        }
        int[] ptr = new int[n + 1];
        for (int i = 0; i < n; i++) {
            ptr[i + 1] = ptr[i] + deg[i];
        }
        long[] adj = new long[ptr[n]]; // (priority << 32 | edge) sorted per vertex
        int[] fill = Arrays.copyOf(ptr, n);
        for (int e = 0; e < model.m; e++) {
            int a = model.from[e];
            int b = model.to[e];
            long pri = Math.abs((long) model.graph.vertexId(a) - model.graph.vertexId(b)) == 1 ? 0 : 1;
            adj[fill[a]++] = (pri << 32) | e;
            adj[fill[b]++] = (pri << 32) | e;
        }
        for (int i = 0; i < n; i++) {
            Arrays.sort(adj, ptr[i], ptr[i + 1]);
        }
        boolean[] done = new boolean[n];
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int v : model.fixedVertices) {
            done[v] = true;
            queue.add(v);
        }
        double[] inv = new double[12];
        while (!queue.isEmpty()) {
            int v = queue.poll();
            for (int p = ptr[v]; p < ptr[v + 1]; p++) {
                int e = (int) adj[p];
                boolean forward = model.from[e] == v;
                int w = forward ? model.to[e] : model.from[e];
                if (done[w]) {
                    continue;
                }
                if (model.dimension == 2) {
                    if (forward) {
                        SE2.compose(x, v * 3, model.z, e * 3, x, w * 3);
                    } else {
                        SE2.inverse(model.z, e * 3, inv, 0);
                        SE2.compose(x, v * 3, inv, 0, x, w * 3);
                    }
                } else {
                    if (forward) {
                        SE3.compose(x, v * stride, model.z, e * 12, x, w * stride);
                    } else {
                        SE3.inverse(model.z, e * 12, inv, 0);
                        SE3.compose(x, v * stride, inv, 0, x, w * stride);
                    }
                }
                done[w] = true;
                queue.add(w);
            }
        }
        return x;
    }

}
