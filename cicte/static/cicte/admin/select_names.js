'use strict';
// The admin's searchable selects (Select2: autocomplete fields, countries) announce the label of
// their field: Select2 names its box after the choice shown, which is empty until one is made.
{
    function name(root) {
        root.querySelectorAll('select.admin-autocomplete, select.country-search').forEach((select) => {
            const label = select.id && document.querySelector(`label[for="${select.id}"]`);
            const box = select.parentElement.querySelector('.select2-selection[aria-labelledby]');
            if (!label || !box) {
                return;
            }
            label.id = label.id || `${select.id}-label`;
            const shown = box.getAttribute('aria-labelledby').split(' ').filter((id) => id !== label.id);
            box.setAttribute('aria-labelledby', [label.id, ...shown].join(' '));
            // The text box inside it, which shows the choice, is named by the label too.
            box.querySelectorAll('[role="textbox"]').forEach((text) => {
                text.setAttribute('aria-labelledby', label.id);
            });
        });
    }

    if (window.django && window.django.jQuery) {
        // After the admin's own ready handlers, which start Select2.
        window.django.jQuery(() => name(document));
        document.addEventListener('formset:added', (event) => name(event.target));
    }

    // The filter boxes of several countries (Django's SelectFilter2, built on the window's load)
    // put their search hint in an aria-label on a bare <span>, which no role allows: it is an
    // icon with a name.
    function nameIcons(root) {
        root.querySelectorAll('.search-label-icon[aria-label]:not([role])').forEach((icon) => {
            icon.setAttribute('role', 'img');
        });
    }

    new MutationObserver(() => nameIcons(document)).observe(document.documentElement, {
        childList: true,
        subtree: true,
    });
}
