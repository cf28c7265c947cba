import type { ApiClient } from '@japa/api-client'
import { randomUUID } from 'node:crypto'
import { assertDocumented } from './openapi_helper.js'

/** Calls of the POS API whose answers are always checked against the OpenAPI document. */
export function posApi(client: ApiClient, bearer: string) {
  return {
    async enrol(body: unknown) {
      const response = await client.post('/api/v1/customers').bearerToken(bearer).json(body as object)
      assertDocumented(response, 'POST', '/customers')
      return response
    },
    async lookup(query: Record<string, string>) {
      const response = await client.get('/api/v1/customers/lookup').bearerToken(bearer).qs(query)
      assertDocumented(response, 'GET', '/customers/lookup')
      return response
    },
    async show(id: string) {
      const response = await client.get(`/api/v1/customers/${encodeURIComponent(id)}`).bearerToken(bearer)
      assertDocumented(response, 'GET', '/customers/{id}')
      return response
    },
    async purchase(body: unknown, key: string | null = randomUUID()) {
      const request = client.post('/api/v1/purchases').bearerToken(bearer).json(body as object)
      if (key !== null) request.header('Idempotency-Key', key)
      const response = await request
      assertDocumented(response, 'POST', '/purchases')
      return response
    },
    async preview(body: unknown) {
      const response = await client.post('/api/v1/purchases/preview').bearerToken(bearer).json(body as object)
      assertDocumented(response, 'POST', '/purchases/preview')
      return response
    },
    async redeem(body: unknown, key: string | null = randomUUID()) {
      const request = client.post('/api/v1/redemptions').bearerToken(bearer).json(body as object)
      if (key !== null) request.header('Idempotency-Key', key)
      const response = await request
      assertDocumented(response, 'POST', '/redemptions')
      return response
    },
    async refund(purchaseId: string, body: unknown, key: string | null = randomUUID()) {
      const request = client.post(`/api/v1/purchases/${encodeURIComponent(purchaseId)}/refunds`).bearerToken(bearer).json(body as object)
      if (key !== null) request.header('Idempotency-Key', key)
      const response = await request
      assertDocumented(response, 'POST', '/purchases/{id}/refunds')
      return response
    },
  }
}

/** The field names of a 4xx answer, to assert which input was refused. */
export function errorFields(body: { errors?: Array<{ field?: string }> }) {
  return (body.errors ?? []).map((error) => error.field)
}

export function errorCodes(body: { errors?: Array<{ code?: string }> }) {
  return (body.errors ?? []).map((error) => error.code)
}
