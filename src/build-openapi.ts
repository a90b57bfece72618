// npm run build: writes dist/openapi.json from openapi/genesys-cloud-mock.yaml.
import { compileOpenApi } from './http/openapi.js';

console.log(`wrote ${compileOpenApi()}`);
