/* mjml 5 ships no types: the part of its API we use (app/messaging/email_layout.ts). */
declare module 'mjml' {
  interface MjmlError {
    line: number
    message: string
    tagName: string
    formattedMessage: string
  }
  interface MjmlOptions {
    validationLevel?: 'strict' | 'soft' | 'skip'
    keepComments?: boolean
    minify?: boolean
    beautify?: boolean
  }
  export default function mjml2html(input: string, options?: MjmlOptions): Promise<{ html: string; errors: MjmlError[] }>
}
