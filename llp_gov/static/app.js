// Progressive enhancement only: every page works without this file.

// Confirmation before an irreversible action (approving, rejecting, voting, closing a year,
// withdrawing a document or a partner): a submit button or form marked data-confirm asks
// first, with its own text or the page's question (meta llp-confirm) after the button's
// label. Cancelling leaves the page as it was; nothing is sent.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  let holder = null;
  if (button && button.hasAttribute("data-confirm")) holder = button;
  else if (form.hasAttribute("data-confirm")) holder = form;
  if (!holder) return;
  const meta = document.querySelector('meta[name="llp-confirm"]');
  const question = holder.getAttribute("data-confirm") || (meta ? meta.content : "");
  const label = button ? button.textContent.trim() : "";
  if (!window.confirm(label ? `${label}\n\n${question}` : question)) {
    event.preventDefault();
  }
});
