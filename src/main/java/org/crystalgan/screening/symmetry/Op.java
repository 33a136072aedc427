package org.crystalgan.screening.symmetry;

/** An operation x' = w·x + t in some fractional basis. */
record Op(int[][] w, double[] t) {}
