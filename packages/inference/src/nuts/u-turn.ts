// The generalised no-U-turn criterion and Stan's checks across merged subtrees.

/**
 * ρ = ρ_init + ρ_final into `rho`, then Stan's three U-turn checks in the same pass (each sum in
 * the same order as a check on its own would take it): the whole trajectory, p♯ at its two ends
 * against ρ; the initial half extended by the first state of the final half; the final half
 * extended by the last state of the initial half.
 */
export function mergeAndCheck(
  rhoInit: Float64Array,
  rhoFinal: Float64Array,
  rho: Float64Array,
  pSharpBeg: Float64Array,
  pSharpEnd: Float64Array,
  pSharpFinalBeg: Float64Array,
  pFinalBeg: Float64Array,
  pSharpInitEnd: Float64Array,
  pInitEnd: Float64Array,
): boolean {
  let plus = 0;
  let minus = 0;
  let plusInit = 0;
  let minusInit = 0;
  let plusFinal = 0;
  let minusFinal = 0;
  for (let i = 0; i < rho.length; i++) {
    const r = rhoInit[i] + rhoFinal[i];
    rho[i] = r;
    plus += pSharpEnd[i] * r;
    minus += pSharpBeg[i] * r;
    const rInit = rhoInit[i] + pFinalBeg[i];
    plusInit += pSharpFinalBeg[i] * rInit;
    minusInit += pSharpBeg[i] * rInit;
    const rFinal = rhoFinal[i] + pInitEnd[i];
    plusFinal += pSharpEnd[i] * rFinal;
    minusFinal += pSharpInitEnd[i] * rFinal;
  }
  return plus > 0 && minus > 0 && plusInit > 0 && minusInit > 0 && plusFinal > 0 && minusFinal > 0;
}

/** The generalised no-U-turn criterion (Betancourt 2013): p♯₋·ρ > 0 and p♯₊·ρ > 0. */
export function noUTurn(pSharpMinus: Float64Array, pSharpPlus: Float64Array, rho: Float64Array): boolean {
  let plus = 0;
  let minus = 0;
  for (let i = 0; i < rho.length; i++) {
    plus += pSharpPlus[i] * rho[i];
    minus += pSharpMinus[i] * rho[i];
  }
  return plus > 0 && minus > 0;
}
