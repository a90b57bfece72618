// npm run build: writes dist/openapi.json from openapi/genesys-cloud-mock.yaml when the YAML is newer.
import { compileOpenApi } from './http/openapi.js';

const written = compileOpenApi();
if (written) console.log(`wrote ${written}`);
