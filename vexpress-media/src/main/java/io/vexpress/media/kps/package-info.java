/**
 * V-Kps sequence files: kps.pth (PyTorch checkpoint ZIPs, read through a restricted pickle machine that
 * never instantiates anything by name), {@code .npy} and a documented JSON form, plus the writers. Every
 * malformed or hostile file is refused with a subtype of {@link io.vexpress.media.kps.KeypointFileException}.
 * See {@code docs/kps-format.md}.
 */
package io.vexpress.media.kps;
