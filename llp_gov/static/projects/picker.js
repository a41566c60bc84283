// The document picker of the project form (documents) and the resolution form (attachments):
// search the organisation's documents by title, page by page (no cap on how many exist), and
// tick several at once. Each ticked document becomes a selected option of the form's own
// <select multiple> named by the box's data-select (document_ids by default), which is what is
// posted; without JavaScript that select still lists (and can unselect) the chosen documents.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".doc-picker").forEach((box) => {
    const select = document.getElementById(box.dataset.select || "document_ids");
    if (select) picker(box, select);
  });
});

function picker(box, select) {
  const query = box.querySelector(".picker-query");
  const list = box.querySelector(".picker-results");
  const prev = box.querySelector(".picker-prev");
  const next = box.querySelector(".picker-next");
  let page = 1;
  let timer = null;

  const optionFor = (id) => select.querySelector(`option[value="${id}"]`);

  const choose = (item, on) => {
    let option = optionFor(item.id);
    if (on) {
      if (!option) {
        option = document.createElement("option");
        option.value = String(item.id);
        option.textContent = item.title;
        select.appendChild(option);
      }
      option.selected = true;
    } else if (option) {
      option.remove();
    }
  };

  const message = (text) => {
    const li = document.createElement("li");
    li.className = "empty";
    li.textContent = text;
    list.replaceChildren(li);
  };

  const render = (data) => {
    if (!data.items.length) {
      message(box.dataset.none);
    } else {
      list.replaceChildren(...data.items.map((item) => {
        const li = document.createElement("li");
        const label = document.createElement("label");
        const tick = document.createElement("input");
        tick.type = "checkbox";
        tick.value = String(item.id);
        const option = optionFor(item.id);
        tick.checked = Boolean(option && option.selected);
        tick.addEventListener("change", () => choose(item, tick.checked));
        label.append(tick, " ", item.title);
        if (item.date) {
          const small = document.createElement("small");
          small.textContent = " " + (item.date_label || item.date); // in the reader's format
          label.append(small);
        }
        li.append(label);
        return li;
      }));
    }
    prev.disabled = !data.has_prev;
    next.disabled = !data.has_next;
  };

  const load = async () => {
    const url = new URL(box.dataset.url, window.location.href);
    url.searchParams.set("page", String(page));
    if (query.value.trim()) url.searchParams.set("q", query.value.trim());
    try {
      const resp = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
      if (!resp.ok) throw new Error(String(resp.status));
      render(await resp.json());
    } catch (_err) {
      message(box.dataset.error);
    }
  };

  query.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => { page = 1; load(); }, 250);
  });
  query.addEventListener("keydown", (event) => {
    if (event.key === "Enter") { event.preventDefault(); page = 1; load(); }
  });
  prev.addEventListener("click", () => { if (page > 1) { page -= 1; load(); } });
  next.addEventListener("click", () => { page += 1; load(); });
  // Unselecting an option in the select unticks it in the list too.
  select.addEventListener("change", () => {
    list.querySelectorAll("input[type=checkbox]").forEach((tick) => {
      const option = optionFor(tick.value);
      tick.checked = Boolean(option && option.selected);
    });
  });
  box.hidden = false;
  load();
}
