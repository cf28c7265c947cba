/** Who a customer is: the fields every way in (till, admin, import, API) fills. */
export interface CustomerIdentity {
  firstName: string | null
  lastName: string | null
  email: string | null
  phoneE164: string | null
  birthDay: number | null
  birthMonth: number | null
  birthYear: number | null
}

/** The identity part of a validated staff form (snake_case fields, phone already normalised). */
export interface IdentityForm {
  first_name?: string | null
  last_name?: string | null
  email?: string | null
  phone?: string | null
  birth_day?: number | null
  birth_month?: number | null
  birth_year?: number | null
}

export function identityFromForm(input: IdentityForm): CustomerIdentity {
  return {
    firstName: input.first_name ?? null,
    lastName: input.last_name ?? null,
    email: input.email ?? null,
    phoneE164: input.phone ?? null,
    birthDay: input.birth_day ?? null,
    birthMonth: input.birth_month ?? null,
    birthYear: input.birth_year ?? null,
  }
}
