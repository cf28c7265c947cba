import { defineConfig } from '@adonisjs/core/bodyparser'

/**
 * Bodies are small everywhere except the CSV import upload, which has its
 * own limit (see app/customers/import).
 */
const bodyParserConfig = defineConfig({
  allowedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
  form: {
    convertEmptyStringsToNull: true,
    types: ['application/x-www-form-urlencoded'],
    limit: '64kb',
  },
  json: {
    convertEmptyStringsToNull: false,
    types: ['application/json', 'application/json-patch+json', 'application/vnd.api+json', 'application/csp-report'],
    limit: '64kb',
    strict: true,
  },
  multipart: {
    autoProcess: true,
    convertEmptyStringsToNull: true,
    processManually: [],
    limit: '12mb',
    types: ['multipart/form-data'],
  },
})

export default bodyParserConfig
