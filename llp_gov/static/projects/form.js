// Shows the running total of the participants' shares (the server checks it too).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("project-form");
  const out = document.getElementById("share-total");
  if (!form || !out) return;
  const update = () => {
    let total = 0;
    form.querySelectorAll("input.share").forEach((el) => { total += parseInt(el.value, 10) || 0; });
    out.textContent = total + "%";
    out.classList.toggle("error", total !== 100);
  };
  form.addEventListener("input", update);
  update();
});
