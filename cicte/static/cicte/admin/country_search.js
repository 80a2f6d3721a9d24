'use strict';
// Turns the back office's country lists into searchable ones with the admin's own Select2
// (CountrySearchSelect). Without JavaScript they stay plain, keyboard-searchable selects.
{
    const $ = django.jQuery;

    function enhance(root) {
        $(root).find('select.country-search').not('[name*="__prefix__"]').select2({width: '20em'});
    }

    $(() => enhance(document));
    document.addEventListener('formset:added', (event) => enhance(event.target));
}
