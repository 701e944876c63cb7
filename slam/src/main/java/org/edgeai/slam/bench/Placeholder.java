package org.edgeai.slam.bench;

final class Placeholder {
    private Placeholder() {
    }
}
