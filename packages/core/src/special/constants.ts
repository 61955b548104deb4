// Double-precision values of the mathematical constants shared by the special functions, each the
// nearest double to the true value (a hand-typed literal would risk a last-digit slip).

/** Euler–Mascheroni constant γ. */
export const EULER_GAMMA = 0.5772156649015329;
/** log(2), i.e. Math.LN2 under the naming of the other constants. */
export const LN_2 = Math.LN2;
/** log(π). */
export const LN_PI = 1.1447298858494002;
/** log(√(2π)) = ½·log(2π). */
export const LN_SQRT_2PI = 0.9189385332046728;
/** 1/√π. */
export const INV_SQRT_PI = 0.5641895835477563;
/** 1/√(2π), the standard normal density at 0. */
export const INV_SQRT_2PI = 0.3989422804014327;
