package org.edgeai.slam.graph;

import java.util.Objects;
import org.edgeai.slam.SlamProblem;

/**
 * An immutable bundle adjustment problem in the "Bundle Adjustment in the Large" (BAL) model
 * (Agarwal, Snavely, Seitz, Szeliski, ECCV 2010): Snavely cameras and 3D points with 2D
 * observations.
 *
 * <p>Layouts:
 * <ul>
 *   <li>camera {@code c}: 9 values at {@code cameras[9*c]}: angle-axis rotation (rad, 3), translation
 *       (3), focal length (pixels), radial distortion k1, k2.</li>
 *   <li>point {@code p}: 3 values at {@code points[3*p]}.</li>
 *   <li>observation {@code k}: camera index {@code observationCamera[k]}, point index
 *       {@code observationPoint[k]}, pixel coordinates {@code observations[2k], observations[2k+1]}
 *       (origin at the image centre, BAL convention).</li>
 * </ul>
 * Projection: {@code P = R X + t, p = -P / P.z, r = 1 + k1 |p|^2 + k2 |p|^4, predicted = f r p}.
 *
 * @implNote Immutable and thread-safe; accessors return copies.
 */
public final class BundleProblem implements SlamProblem {
    /** Parameters per camera. */
    public static final int CAMERA_SIZE = 9;
    /** Parameters per point. */
    public static final int POINT_SIZE = 3;

    private final String name;
    private final double[] cameras;
    private final double[] points;
    private final int[] observationCamera;
    private final int[] observationPoint;
    private final double[] observations;

    /**
     * @throws IllegalArgumentException if lengths disagree, an index is out of range or a value is
     *                                  not finite
     */
    public BundleProblem(String name, double[] cameras, double[] points, int[] observationCamera, int[] observationPoint,
                         double[] observations) {
        this.name = Objects.requireNonNull(name, "name");
        if (cameras.length % CAMERA_SIZE != 0 || points.length % POINT_SIZE != 0) {
            throw new IllegalArgumentException("camera/point arrays must hold 9/3 values each, got " + cameras.length
                    + " and " + points.length);
        }
        int m = observationCamera.length;
        if (observationPoint.length != m || observations.length != 2 * m) {
            throw new IllegalArgumentException("observation arrays disagree: " + m + " cameras, "
                    + observationPoint.length + " points, " + observations.length + " coordinates (expected 2 per)");
        }
        int nc = cameras.length / CAMERA_SIZE;
        int np = points.length / POINT_SIZE;
        for (int k = 0; k < m; k++) {
            if (observationCamera[k] < 0 || observationCamera[k] >= nc || observationPoint[k] < 0 || observationPoint[k] >= np) {
                throw new IllegalArgumentException("observation " + k + " refers to camera " + observationCamera[k]
                        + " / point " + observationPoint[k] + " but there are " + nc + " cameras and " + np + " points");
            }
        }
        checkFinite(cameras, "camera parameter");
        checkFinite(points, "point coordinate");
        checkFinite(observations, "observation coordinate");
        this.cameras = cameras.clone();
        this.points = points.clone();
        this.observationCamera = observationCamera.clone();
        this.observationPoint = observationPoint.clone();
        this.observations = observations.clone();
    }

    private static void checkFinite(double[] v, String what) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException(what + " " + i + " is " + v[i]);
            }
        }
    }

    @Override
    public String name() {
        return name;
    }

    /** @return number of cameras */
    public int cameraCount() {
        return cameras.length / CAMERA_SIZE;
    }

    /** @return number of points */
    public int pointCount() {
        return points.length / POINT_SIZE;
    }

    /** @return number of observations */
    public int observationCount() {
        return observationCamera.length;
    }

    @Override
    public int variableCount() {
        return cameraCount() + pointCount();
    }

    @Override
    public int measurementCount() {
        return observationCount();
    }

    @Override
    public String describe() {
        return "bundle adjustment, " + cameraCount() + " cameras, " + pointCount() + " points, " + observationCount()
                + " observations";
    }

    /** @return camera parameters, 9 per camera (a copy) */
    public double[] cameras() {
        return cameras.clone();
    }

    /** @return point coordinates, 3 per point (a copy) */
    public double[] points() {
        return points.clone();
    }

    /** @return camera index per observation (a copy) */
    public int[] observationCameras() {
        return observationCamera.clone();
    }

    /** @return point index per observation (a copy) */
    public int[] observationPoints() {
        return observationPoint.clone();
    }

    /** @return pixel coordinates, 2 per observation (a copy) */
    public double[] observations() {
        return observations.clone();
    }

    /** @return the same observations with new camera and point estimates */
    public BundleProblem withParameters(double[] newCameras, double[] newPoints) {
        if (newCameras.length != cameras.length || newPoints.length != points.length) {
            throw new IllegalArgumentException("expected " + cameras.length + " camera and " + points.length
                    + " point values, got " + newCameras.length + " and " + newPoints.length);
        }
        return new BundleProblem(name, newCameras, newPoints, observationCamera, observationPoint, observations);
    }
}
