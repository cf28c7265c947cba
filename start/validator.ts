/*
 * Process-wide conventions set once at boot: instants are UTC everywhere
 * (each store's own timezone is applied explicitly where a local time
 * matters), and VineJS messages are plain sentences.
 */
import { Settings } from 'luxon'
import vine, { SimpleMessagesProvider } from '@vinejs/vine'

Settings.defaultZone = 'utc'
Settings.throwOnInvalid = false

vine.messagesProvider = new SimpleMessagesProvider({
  'required': 'The {{ field }} field is required',
  'string': 'The {{ field }} field must be a string',
  'email': 'The {{ field }} field must be a valid e-mail address',
  'maxLength': 'The {{ field }} field must not be longer than {{ max }} characters',
  'minLength': 'The {{ field }} field must be at least {{ min }} characters long',
  'number': 'The {{ field }} field must be a number',
  'withoutDecimals': 'The {{ field }} field must be a whole number',
  'min': 'The {{ field }} field must be at least {{ min }}',
  'max': 'The {{ field }} field must not be greater than {{ max }}',
  'enum': 'The {{ field }} field must be one of {{ choices }}',
  'boolean': 'The {{ field }} field must be true or false',
  'object': 'The {{ field }} field must be an object',
  'array': 'The {{ field }} field must be an array',
  'date': 'The {{ field }} field must be a date',
})
