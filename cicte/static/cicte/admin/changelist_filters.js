'use strict';
// A list's filter sidebar folds away and comes back with one button (the change list's
// "Hide filters"), remembered in this browser. Without JavaScript the button stays hidden and
// the filters stay open.
{
    const KEY = 'cicte.admin.filters';
    const button = document.querySelector('.filter-toggle');
    const changelist = document.getElementById('changelist');

    function show(visible) {
        changelist.classList.toggle('filters-hidden', !visible);
        button.setAttribute('aria-expanded', String(visible));
        button.textContent = visible ? button.dataset.hideLabel : button.dataset.showLabel;
    }

    function remembered() {
        try {
            return window.localStorage.getItem(KEY);
        } catch (error) {
            return null;  // Storage refused (private mode): open, as by default.
        }
    }

    if (button && changelist) {
        show(remembered() !== 'hidden');
        button.closest('.filter-toggle-item').hidden = false;
        button.addEventListener('click', () => {
            const visible = button.getAttribute('aria-expanded') !== 'true';
            show(visible);
            try {
                window.localStorage.setItem(KEY, visible ? 'shown' : 'hidden');
            } catch (error) {
                // Not remembered: the choice holds for this page.
            }
        });
    }
}
