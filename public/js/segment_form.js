/*
 * The segment form counts as the marketer types: each change posts the form
 * with intent=count (the same request as the "Compter" button, which works
 * without JavaScript) and shows the answer in the live region.
 */
const form = document.querySelector('form[data-segment-form]')
const status = document.querySelector('[data-segment-count]')
if (form && status) {
  let timer = null
  let latest = 0
  const count = async () => {
    const ticket = ++latest
    const body = new FormData(form)
    body.set('intent', 'count')
    const response = await fetch(form.action, { method: 'POST', body, headers: { accept: 'application/json' } }).catch(() => null)
    if (!response || ticket !== latest) return
    const answer = await response.json().catch(() => null)
    if (answer && typeof answer.text === 'string') {
      status.textContent = answer.text
      status.hidden = false
    }
  }
  form.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(count, 300)
  })
  form.addEventListener('change', () => {
    clearTimeout(timer)
    timer = setTimeout(count, 50)
  })
}
