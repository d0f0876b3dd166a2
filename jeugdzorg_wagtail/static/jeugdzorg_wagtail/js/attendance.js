// The print button of an attendance list.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("jw-print");
  if (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  }
});
