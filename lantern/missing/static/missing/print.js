// "Print or save as PDF" on the Philomena profile (no inline scripts: the CSP forbids them).
document.querySelectorAll("[data-print-page]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
