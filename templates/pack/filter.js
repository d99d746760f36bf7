/* global document */
(function () {
  var form = document.querySelector('form[data-filter]');
  if (!form) return;
  var items = Array.prototype.slice.call(document.querySelectorAll('[data-item]'));
  var count = form.querySelector('.filter-count');
  function val(name) { var el = form.elements[name]; return el ? String(el.value || '') : ''; }
  function apply() {
    var fw = val('fw'), st = val('status'), q = val('q').trim().toLowerCase(), shown = 0;
    items.forEach(function (el) {
      var ok = (!fw || el.getAttribute('data-fw') === fw) && (!st || el.getAttribute('data-status') === st) &&
        (!q || (el.getAttribute('data-search') || '').indexOf(q) !== -1);
      el.hidden = !ok;
      if (ok) shown++;
    });
    if (count) count.textContent = shown + ' of ' + items.length + ' shown';
  }
  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (e) { e.preventDefault(); apply(); });
  form.hidden = false;
  apply();
})();
