// Moves focus to the error summary (or the message) of a public form after sending it.
// The summary is a role="alert" region with links to each field, so it works without this.
document.addEventListener("DOMContentLoaded", function () {
  var target =
    document.getElementById("jw-error-summary") ||
    document.getElementById("jw-call-message") ||
    document.getElementById("jw-form-message");
  if (target) {
    target.focus();
  }
});
