import mjml2html from 'mjml'
import i18nManager from '@adonisjs/i18n/services/main'
import { escapeHtml, type RenderedBody } from '#messaging/templates/message_body'

/** Who sends: the store's identity, shown in every marketing e-mail's footer. */
export interface Sender {
  storeName: string
  legalName: string | null
  address: string | null
  colour: string
  locale: string
}

export interface ComposedEmail {
  subject: string
  html: string
  text: string
}

/*
 * The layout (and its footer's texts) is MJML compiled once per sender and language (compiling takes
 * tens of milliseconds; a campaign sends thousands a second), with
 * placeholders the message's parts replace. The footer with the sender's
 * identity and the unsubscribe link is part of the layout: no template
 * can remove it.
 */
const PLACEHOLDER = { title: '__CPT_TITLE__', preview: '__CPT_PREVIEW__', body: '__CPT_BODY__', unsubscribe: 'https://unsubscribe.invalid/__CPT_UNSUBSCRIBE__' }
const shells = new Map<string, Promise<{ html: string; footer: ReturnType<typeof footerLines> }>>()

export async function composeEmail(sender: Sender, subject: string, body: RenderedBody, unsubscribeUrl: string): Promise<ComposedEmail> {
  const { html: shell, footer } = await layoutFor(sender)
  const html = shell
    .replace(PLACEHOLDER.title, escapeHtml(subject))
    .replace(PLACEHOLDER.preview, escapeHtml(preview(body.text)))
    .replace(PLACEHOLDER.body, body.html)
    .replaceAll(PLACEHOLDER.unsubscribe, escapeHtml(unsubscribeUrl))
  const text = `${body.text}\n\n-- \n${footer.why}\n${footer.identity}\n${footer.unsubscribe} ${unsubscribeUrl}\n`
  return { subject, html, text }
}

function layoutFor(sender: Sender) {
  const key = JSON.stringify(sender)
  let shell = shells.get(key)
  if (!shell) {
    shell = compile(sender)
    shell.catch(() => shells.delete(key))
    shells.set(key, shell)
  }
  return shell
}

async function compile(sender: Sender) {
  const footer = footerLines(sender)
  const html = await brandedEmailHtml({
    locale: sender.locale,
    storeName: sender.storeName,
    colour: sender.colour,
    title: PLACEHOLDER.title,
    preview: PLACEHOLDER.preview,
    card: `<mj-text>${PLACEHOLDER.body}</mj-text>`,
    footer: `${escapeHtml(footer.why)}<br>${escapeHtml(footer.identity)}<br><a href="${PLACEHOLDER.unsubscribe}" style="color:#555555">${escapeHtml(footer.unsubscribe)}</a>`,
  })
  return { html, footer }
}

/** A store's colour, or the house brown when it is not a #rrggbb colour. */
export function bandColour(colour: string) {
  return /^#[0-9a-f]{6}$/i.test(colour) ? colour : '#6b4226'
}

/**
 * Every e-mail's frame: the store's band, a white card (MJML of its column:
 * `card`), a small footer (HTML: `footer`). `title` and `preview` are
 * written as given (escaped by the caller); extra `attributes` join the
 * defaults.
 */
export async function brandedEmailHtml(parts: { locale: string; storeName: string; colour: string; title: string; preview: string; card: string; footer: string; attributes?: string }) {
  const source = `<mjml lang="${parts.locale}">
  <mj-head>
    <mj-title>${parts.title}</mj-title>
    <mj-preview>${parts.preview}</mj-preview>
    <mj-attributes>
      <mj-all font-family="Helvetica, Arial, sans-serif" />
      <mj-text font-size="16px" line-height="1.5" color="#222222" />${parts.attributes ?? ''}
    </mj-attributes>
  </mj-head>
  <mj-body background-color="#f4f1ec">
    <mj-section background-color="${bandColour(parts.colour)}" padding="16px">
      <mj-column><mj-text color="#ffffff" font-size="20px" font-weight="bold">${escapeHtml(parts.storeName)}</mj-text></mj-column>
    </mj-section>
    <mj-section background-color="#ffffff" padding="24px 16px">
      <mj-column>${parts.card}</mj-column>
    </mj-section>
    <mj-section padding="16px">
      <mj-column>
        <mj-text font-size="12px" color="#555555">${parts.footer}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`
  return (await mjml2html(source, { validationLevel: 'strict', keepComments: false })).html
}

function footerLines(sender: Sender) {
  const i18n = i18nManager.locale(sender.locale)
  const identity = [sender.legalName ?? sender.storeName, sender.address].filter(Boolean).join(', ')
  return {
    why: i18n.t('messaging.footer.why', { store: sender.storeName }),
    identity,
    unsubscribe: i18n.t('messaging.footer.unsubscribe'),
  }
}

function preview(text: string) {
  return text.replace(/\s+/g, ' ').slice(0, 120)
}
