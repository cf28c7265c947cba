// The programme form: the example recomputed as the owner types, and each
// mechanic's fields shown only while it is switched on. Without this script
// the form still works: "Voir l'exemple" sends it and the page comes back
// with the example, nothing saved.
const form = document.getElementById('program-form')
const panel = document.getElementById('program-example')
const aside = panel?.closest('.program-example')
const DELAY_MS = 300

let timer = null
let sequence = 0

function csrfToken() {
  return form.querySelector('input[name="_csrf"]')?.value ?? ''
}

async function refreshExample() {
  clearTimeout(timer)
  const mine = ++sequence
  aside.setAttribute('aria-busy', 'true')
  try {
    const body = new URLSearchParams(new FormData(form))
    body.delete('intent')
    const response = await fetch(form.dataset.exampleUrl, {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { 'Accept': 'application/json', 'x-csrf-token': csrfToken() },
    })
    // An answer to an older keystroke must not replace a newer one.
    if (mine !== sequence) return
    if (response.status !== 200 && response.status !== 422) throw new Error(`example ${response.status}`)
    panel.innerHTML = (await response.json()).html
  } catch {
    // Keep the last example shown; the button still sends the whole form.
  } finally {
    if (mine === sequence) aside.removeAttribute('aria-busy')
  }
}

function scheduleExample() {
  clearTimeout(timer)
  timer = setTimeout(refreshExample, DELAY_MS)
}

function setUpToggles() {
  for (const toggle of form.querySelectorAll('[data-mechanic-toggle]')) {
    const fields = toggle.closest('fieldset')?.querySelector('[data-mechanic-fields]')
    if (!fields) continue
    const sync = () => {
      fields.hidden = !toggle.checked
    }
    toggle.addEventListener('change', sync)
    sync()
  }
}

if (form && panel && aside) {
  setUpToggles()
  form.addEventListener('input', scheduleExample)
  form.addEventListener('change', scheduleExample)
  document.getElementById('example-button')?.addEventListener('click', (event) => {
    event.preventDefault()
    refreshExample()
  })
  // Enter in the sample basket asks for the example, never saves the programme.
  aside.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !(event.target instanceof HTMLInputElement)) return
    event.preventDefault()
    refreshExample()
  })
}
