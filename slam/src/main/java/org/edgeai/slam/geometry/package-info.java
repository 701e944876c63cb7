/**
 * Lie groups SO(3), SE(2), SE(3) over primitive arrays: exp/log maps, analytic left/right
 * Jacobians, adjoints and quaternion conversions. Every Jacobian is checked against central
 * differences in the tests.
 */
package org.edgeai.slam.geometry;
