import { Exception } from '@adonisjs/core/exceptions'

/** Phone or e-mail already belongs to an enrolled customer (API: 409 with its id). */
export class DuplicateCustomerError extends Exception {
  static status = 409
  static code = 'E_CUSTOMER_EXISTS'

  constructor(
    public existingPublicId: string,
    public field: 'email' | 'phone'
  ) {
    super(`A customer with this ${field} is already enrolled`)
  }
}
