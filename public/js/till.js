// The till without reloads: the search form still works as a plain GET
// when this script is absent or fails.
const form = document.getElementById('till-search')
const input = document.getElementById('q')
const result = document.getElementById('till-result')

async function lookup(query) {
  result.setAttribute('aria-busy', 'true')
  try {
    const response = await fetch(`${form.dataset.lookup}?q=${encodeURIComponent(query)}`, {
      headers: { Accept: 'application/json' },
      credentials: 'same-origin',
    })
    if (!response.ok) throw new Error(`lookup ${response.status}`)
    const answer = await response.json()
    result.innerHTML = answer.html
    history.replaceState(null, '', answer.state === 'found' ? `/till/customers/${answer.customer.publicId}` : `/till?q=${encodeURIComponent(query)}`)
    afterLookup(answer.state)
  } catch {
    // Fall back to the server-rendered page.
    form.submit()
  } finally {
    result.removeAttribute('aria-busy')
  }
}

/** Where the cashier types next: the amount, the enrolment form, or the search again. */
function afterLookup(state) {
  if (state === 'found') {
    input.value = ''
    result.querySelector('#amount')?.focus()
  } else if (state === 'not_found') {
    result.querySelector('#first_name')?.focus()
  } else {
    input.select()
  }
}

if (form && input && result) {
  form.addEventListener('submit', (event) => {
    const query = input.value.trim()
    if (!query) return
    event.preventDefault()
    lookup(query)
  })
  setupCameraScan()
}

/** Camera QR scan, only where the browser can do it natively. */
function setupCameraScan() {
  const button = document.getElementById('till-scan')
  const panel = document.getElementById('till-scanner')
  const video = document.getElementById('till-scanner-video')
  const stopButton = document.getElementById('till-scan-stop')
  if (!button || !('BarcodeDetector' in window) || !navigator.mediaDevices?.getUserMedia) return
  button.hidden = false
  let stream = null
  let timer = null
  const stop = () => {
    clearInterval(timer)
    stream?.getTracks().forEach((track) => track.stop())
    stream = null
    panel.hidden = true
    button.focus()
  }
  stopButton.addEventListener('click', stop)
  button.addEventListener('click', async () => {
    try {
      const detector = new window.BarcodeDetector({ formats: ['qr_code'] })
      stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } })
      video.srcObject = stream
      panel.hidden = false
      await video.play()
      timer = setInterval(async () => {
        const codes = await detector.detect(video).catch(() => [])
        if (codes.length === 0) return
        stop()
        input.value = codes[0].rawValue
        lookup(codes[0].rawValue)
      }, 300)
    } catch {
      stop()
    }
  })
}
