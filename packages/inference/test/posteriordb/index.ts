// The posteriordb posteriors translated to the builder, by posteriordb name. Each folder next to
// this file holds the posterior's data.json and reference.json (copied verbatim from posteriordb,
// BSD-3-Clause, see LICENSE-posteriordb.md).
import type { Graph } from '@dopl/core';
import * as arK from './arK-arK.js';
import * as arma11 from './arma-arma11.js';
import * as diamonds from './diamonds-diamonds.js';
import * as earnings from './earnings-logearn_interaction_z.js';
import * as eightCentered from './eight_schools-eight_schools_centered.js';
import * as eightNoncentered from './eight_schools-eight_schools_noncentered.js';
import * as garch11 from './garch-garch11.js';
import * as gpPoisRegr from './gp_pois_regr-gp_pois_regr.js';
import * as gpRegr from './gp_pois_regr-gp_regr.js';
import * as hmm from './hmm_example-hmm_example.js';
import * as kidiq from './kidiq-kidscore_momiq.js';
import * as kilpisjarvi from './kilpisjarvi_mod-kilpisjarvi.js';
import * as gaussMix from './low_dim_gauss_mix-low_dim_gauss_mix.js';
import * as nes from './nes2000-nes.js';
import * as sblrc from './sblrc-blr.js';

export interface PosteriorModel {
  /** Builds the model with posteriordb's data.json, read unchanged. */
  readonly build: (data: Record<string, unknown>) => Graph;
  /** Node names whose values make up the reference parameters, in reference order. */
  readonly reported: readonly string[];
}

export const posteriors: Readonly<Record<string, PosteriorModel>> = {
  'eight_schools-eight_schools_noncentered': eightNoncentered,
  'eight_schools-eight_schools_centered': eightCentered,
  'kidiq-kidscore_momiq': kidiq,
  'earnings-logearn_interaction_z': earnings,
  'kilpisjarvi_mod-kilpisjarvi': kilpisjarvi,
  'sblrc-blr': sblrc,
  'nes2000-nes': nes,
  'diamonds-diamonds': diamonds,
  'arK-arK': arK,
  'arma-arma11': arma11,
  'garch-garch11': garch11,
  'low_dim_gauss_mix-low_dim_gauss_mix': gaussMix,
  'gp_pois_regr-gp_pois_regr': gpPoisRegr,
  'gp_pois_regr-gp_regr': gpRegr,
  'hmm_example-hmm_example': hmm,
};

/** Reads a posterior's data.json or reference.json from this folder. */
export { readPosteriorFile } from './files.js';
