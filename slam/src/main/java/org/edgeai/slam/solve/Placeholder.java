package org.edgeai.slam.solve;

final class Placeholder {
    private Placeholder() {
    }
}
