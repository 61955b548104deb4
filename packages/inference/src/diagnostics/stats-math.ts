// The special functions the diagnostics need, from the core's special-function module.
import { special } from '@dopl/core';

export const normalQuantile = special.normalQuantile;
export const logGamma = special.lgamma;
/** Regularised incomplete beta I_x(a, b): the Beta(a, b) cdf. */
export const betaCdf = (x: number, a: number, b: number): number => special.betaInc(a, b, x);
/** Inverse of the Beta(a, b) cdf. */
export const betaQuantile = (p: number, a: number, b: number): number => special.betaIncInv(a, b, p);
