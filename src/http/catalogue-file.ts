// The catalogue of Genesys operations, read on first use: only a request no implemented operation
// matched, or a stub being added, needs it, so a server that never sees one never reads 1.6 MB.
import { readFileSync } from 'node:fs';
import { Catalogue, type CatalogueData } from '../domain/catalogue.js';
import { GENESYS_CATALOGUE } from '../package-files.js';

let loaded: Catalogue | undefined;

export function genesysCatalogue(): Catalogue {
  return (loaded ??= new Catalogue(JSON.parse(readFileSync(GENESYS_CATALOGUE, 'utf8')) as CatalogueData));
}
