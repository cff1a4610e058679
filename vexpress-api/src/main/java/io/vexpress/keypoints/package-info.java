/** Face keypoints (V-Kps): one face, sequences of them, and the face detector interface. */
package io.vexpress.keypoints;
