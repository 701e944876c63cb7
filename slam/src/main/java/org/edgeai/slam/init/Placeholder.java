package org.edgeai.slam.init;

final class Placeholder {
    private Placeholder() {
    }
}
