import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import type { ApiResponse } from '@japa/api-client'
import { openApiDocument } from '#pos/openapi'

/**
 * Validates API responses against the served OpenAPI document: the schema
 * is picked by path template, method and status.
 */
const ajv = new Ajv2020({ strict: false, allErrors: true })
;(addFormats as unknown as (a: Ajv2020) => void)(ajv)
ajv.addSchema(openApiDocument, 'openapi.json')

const pointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1')
const cache = new Map<string, ReturnType<typeof ajv.compile>>()

export function validatorFor(method: string, pathTemplate: string, status: number) {
  const id = `${method} ${pathTemplate} ${status}`
  let validate = cache.get(id)
  if (!validate) {
    const operation = (openApiDocument.paths as any)[pathTemplate]?.[method.toLowerCase()]
    if (!operation) throw new Error(`OpenAPI has no ${method} ${pathTemplate}`)
    if (!operation.responses[String(status)]) throw new Error(`OpenAPI has no ${status} answer for ${method} ${pathTemplate}`)
    const where = ['paths', pointer(pathTemplate), method.toLowerCase(), 'responses', String(status), 'content', pointer('application/json'), 'schema']
    validate = ajv.compile({ $ref: `openapi.json#/${where.join('/')}` })
    cache.set(id, validate)
  }
  return validate
}

/** Throws with Ajv's explanation when the response does not match its documented schema. */
export function assertDocumented(response: ApiResponse, method: string, pathTemplate: string) {
  const status = response.status()
  const validate = validatorFor(method, pathTemplate, status)
  const contentType = String(response.header('content-type') ?? '')
  if (!contentType.includes('application/json')) throw new Error(`${method} ${pathTemplate} ${status}: content-type ${contentType}`)
  if (!validate(response.body())) {
    throw new Error(`${method} ${pathTemplate} ${status} does not match OpenAPI: ${ajv.errorsText(validate.errors)}\n${response.text()}`)
  }
}
