// Progressive enhancement for the markdown editor: live preview and [[ completion of page titles.
// Without this script the Preview button and plain typing do the same work.
;(() => {
  // Only the fields of the chosen kind of page; without script all groups show, each with its legend.
  const kind = document.querySelector('select[name="kind"]')
  const groups = document.querySelectorAll('fieldset[data-kind]')
  const hint = document.getElementById('kind-fields-hint')
  function showKindFields() {
    for (const group of groups) group.hidden = group.dataset.kind !== kind.value
    if (hint) hint.hidden = true
  }
  if (kind && groups.length > 0) {
    kind.addEventListener('change', showKindFields)
    showKindFields()
  }
})()
;(() => {
  const textarea = document.querySelector('textarea.editor')
  const form = textarea?.form
  if (!textarea || !form) return
  const token = form.querySelector('input[name="_csrf"]')?.value ?? ''
  const previewSection = document.querySelector('[data-preview-target]')
  const previewBody = document.querySelector('[data-preview-body]')

  let timer = 0
  let sequence = 0
  async function refreshPreview() {
    const mine = ++sequence
    const body = new URLSearchParams({ _csrf: token, body: textarea.value })
    const response = await fetch(textarea.dataset.preview, {
      method: 'POST',
      body,
      credentials: 'same-origin',
    })
    // Only the newest answer counts; the HTML comes from the server's sanitizing renderer.
    if (!response.ok || mine !== sequence) return
    previewBody.innerHTML = await response.text()
    previewSection.hidden = false
  }
  textarea.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(refreshPreview, 400)
    suggest()
  })

  // ---- [[ completion
  const list = document.createElement('ul')
  list.id = 'title-suggestions'
  list.className = 'suggestions'
  list.setAttribute('role', 'listbox')
  list.hidden = true
  textarea.insertAdjacentElement('afterend', list)
  textarea.setAttribute('aria-controls', list.id)
  textarea.setAttribute('aria-autocomplete', 'list')

  function openLink() {
    const before = textarea.value.slice(0, textarea.selectionStart)
    const start = before.lastIndexOf('[[')
    if (start === -1) return null
    const typed = before.slice(start + 2)
    if (/[\]\n|#]/.test(typed) || typed.length > 100) return null
    return { start, typed }
  }

  function close() {
    list.hidden = true
    list.replaceChildren()
  }

  function choose(title) {
    const open = openLink()
    if (!open) return close()
    const caret = textarea.selectionStart
    const insert = `[[${title}]]`
    textarea.setRangeText(insert, open.start, caret, 'end')
    textarea.focus()
    close()
    textarea.dispatchEvent(new Event('input'))
  }

  let lookup = 0
  async function suggest() {
    const open = openLink()
    if (!open || open.typed.trim().length < 2) return close()
    const mine = ++lookup
    const response = await fetch(`${textarea.dataset.titles}?q=${encodeURIComponent(open.typed)}`, {
      credentials: 'same-origin',
    })
    if (!response.ok || mine !== lookup) return
    const { titles } = await response.json()
    if (titles.length === 0) return close()
    list.replaceChildren(
      ...titles.map(({ title }) => {
        const item = document.createElement('li')
        item.setAttribute('role', 'option')
        item.tabIndex = -1
        item.textContent = title
        item.addEventListener('mousedown', (event) => {
          event.preventDefault()
          choose(title)
        })
        item.addEventListener('keydown', (event) => {
          if (event.key === 'Enter') {
            event.preventDefault()
            choose(title)
          } else if (event.key === 'ArrowDown') item.nextElementSibling?.focus()
          else if (event.key === 'ArrowUp') (item.previousElementSibling ?? textarea).focus()
          else if (event.key === 'Escape') {
            close()
            textarea.focus()
          }
        })
        return item
      }),
    )
    list.hidden = false
  }
  textarea.addEventListener('keydown', (event) => {
    if (event.key === 'ArrowDown' && !list.hidden) {
      event.preventDefault()
      list.firstElementChild?.focus()
    } else if (event.key === 'Escape') close()
  })
})()
