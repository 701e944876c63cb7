package org.edgeai.slam.eval;

final class Placeholder {
    private Placeholder() {
    }
}
