// The month calendar: a piece dragged onto another day is moved there by the same form the piece's page posts
// (without JavaScript, that form is the way to move it).
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("reschedule");
  if (!form) return;
  let moving = null;
  document.querySelectorAll(".month .piece[draggable=true]").forEach((piece) => {
    piece.addEventListener("dragstart", (event) => {
      moving = piece;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", piece.dataset.move);
    });
  });
  document.querySelectorAll(".month td.day").forEach((cell) => {
    cell.addEventListener("dragover", (event) => { if (moving) { event.preventDefault(); cell.classList.add("drop"); } });
    cell.addEventListener("dragleave", () => cell.classList.remove("drop"));
    cell.addEventListener("drop", (event) => {
      event.preventDefault();
      if (!moving || moving.closest("td") === cell) return;
      form.action = moving.dataset.move;
      form.elements.day.value = cell.dataset.day;
      form.submit();
    });
  });
});
