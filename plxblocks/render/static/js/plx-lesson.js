/* plx-lesson.js: a lesson counts as read once it has been on screen (backend.markViewed). */
(function (PLX) {
  'use strict';
  PLX.register('prose', function (ctx) {
    if (!ctx.backend.markViewed || ctx.state.viewed) { return; }
    var done = false;
    function viewed() {
      if (done) { return; }
      done = true;
      ctx.backend.markViewed(ctx.uid).then(function () { ctx.state.viewed = true; }, function () { done = false; });
    }
    if (!('IntersectionObserver' in window)) { viewed(); return; }
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { observer.disconnect(); viewed(); }
    });
    observer.observe(ctx.root);
  });
})(window.PLX);
