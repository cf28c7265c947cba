/*
 * The print studio follows its form without reloading: the format list
 * and the offer's fields follow the template, and 400 ms after the last
 * change the preview is fetched again (the same query as the "Update
 * preview" button, which works without JavaScript). The image comes back
 * as a data: URL (the CSP allows those, not blob:), and a refusal's text
 * (422) or a busy printer's (503) is read out in the live region.
 */
const form = document.querySelector('form[data-print-studio]')
if (form) {
  const template = form.elements.namedItem('template')
  const format = form.elements.namedItem('format')
  const offer = form.querySelector('[data-offer-fields]')
  const description = form.querySelector('[data-template-description]')
  const download = document.querySelector('[data-download]')
  const image = document.querySelector('[data-preview-image]')
  const sheet = document.querySelector('[data-preview-sheet]')
  const status = document.querySelector('[data-preview-status]')
  const texts = form.dataset
  let timer = null
  let latest = 0
  let inFlight = null

  const say = (text, isError = false) => {
    status.textContent = text
    status.classList.toggle('error', isError)
  }

  const query = () => {
    const params = new URLSearchParams()
    for (const [name, value] of new FormData(form)) if (typeof value === 'string' && value.trim() !== '') params.set(name, value)
    return params.toString()
  }

  const selectedText = (select) => select.selectedOptions[0]?.textContent.trim() ?? ''
  const altText = () =>
    texts.alt
      .replace('{template}', selectedText(template))
      .replace('{store}', selectedText(form.elements.namedItem('store')))
      .replace('{format}', format.value)
      .replace('{language}', selectedText(form.elements.namedItem('locale')))

  /** The formats of the chosen template (the current one kept when it fits), its description, the offer's fields for member-price. */
  const followTemplate = () => {
    const option = template.selectedOptions[0]
    const formats = option.dataset.formats.split(' ')
    const current = format.value
    format.replaceChildren(...formats.map((name) => new Option(name, name)))
    format.value = formats.includes(current) ? current : option.dataset.defaultFormat
    description.textContent = option.dataset.description
    const isOffer = template.value === 'member-price'
    offer.hidden = !isOffer
    offer.disabled = !isOffer
  }

  const asDataUrl = (blob) =>
    new Promise((resolve, reject) => {
      const reader = new FileReader()
      reader.onload = () => resolve(reader.result)
      reader.onerror = () => reject(reader.error)
      reader.readAsDataURL(blob)
    })

  const showPreview = (dataUrl) => {
    image.src = dataUrl
    image.alt = altText()
    image.hidden = false
    download.hidden = false
    say(texts.updated)
  }

  const showFailure = (text) => {
    image.hidden = true
    download.hidden = true
    say(text, true)
  }

  const refresh = async () => {
    clearTimeout(timer)
    const ticket = ++latest
    inFlight?.abort()
    inFlight = new AbortController()
    const chosen = query()
    download.href = `${texts.downloadPath}?${chosen}`
    history.replaceState(null, '', `${form.getAttribute('action')}?${chosen}`)
    sheet.setAttribute('aria-busy', 'true')
    say(texts.updating)
    try {
      const response = await fetch(`${texts.previewPath}?${chosen}`, { signal: inFlight.signal, credentials: 'same-origin' })
      const answer = response.ok ? await asDataUrl(await response.blob()) : (await response.text()).trim()
      if (ticket !== latest) return
      if (response.ok) showPreview(answer)
      else showFailure(answer || texts.failed)
    } catch (error) {
      if (ticket === latest && error.name !== 'AbortError') showFailure(texts.failed)
    } finally {
      if (ticket === latest) sheet.setAttribute('aria-busy', 'false')
    }
  }

  const later = () => {
    clearTimeout(timer)
    timer = setTimeout(refresh, 400)
  }

  template.addEventListener('change', followTemplate)
  form.addEventListener('input', later)
  form.addEventListener('change', later)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    refresh()
  })
  // The first image is the page's own <img src>: if it cannot load, say so rather than show a broken image.
  image.addEventListener('error', () => {
    if (image.src.startsWith('data:')) return
    showFailure(texts.failed)
  })
}
