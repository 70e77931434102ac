// Small enhancements for every page; each feature works without them.
// Destructive forms ask once more.
for (const form of document.querySelectorAll('form[data-confirm]')) {
  form.addEventListener('submit', (event) => {
    if (!window.confirm(form.dataset.confirm)) event.preventDefault()
  })
}

// A field that names a page (the search's deal or theme filter) offers matching page titles as the
// reader types, in the browser's own list (a datalist): typing the whole title still works without.
for (const input of document.querySelectorAll('input[data-titles]')) {
  const list = document.createElement('datalist')
  list.id = `${input.id}-titles`
  input.after(list)
  input.setAttribute('list', list.id)
  let timer
  let lookup = 0
  input.addEventListener('input', () => {
    clearTimeout(timer)
    timer = setTimeout(async () => {
      const typed = input.value.trim()
      if (typed.length < 2) return list.replaceChildren()
      const mine = ++lookup
      const response = await fetch(`${input.dataset.titles}?q=${encodeURIComponent(typed)}`, {
        credentials: 'same-origin',
      })
      if (!response.ok || mine !== lookup) return
      const { titles } = await response.json()
      list.replaceChildren(
        ...titles.map(({ title }) => {
          const option = document.createElement('option')
          option.value = title
          return option
        }),
      )
    }, 200)
  })
}
