"""The back office's shared bases, one concern a module:

- `base.HistoryAdmin`: the base of every model admin ("History", revert, database refusals on
  the form), with `recover` ("Recover deleted") and `locking` (a stale form is refused);
- `scoping`: program officers edit only their programs' records; `publishing`: the publish
  actions; `checks`: the report's checks as a list filter; `widgets`: countries and links;
- `languages`, `inlines`, `io` (spreadsheets), and `sites.BackOfficeSite`: the site's titles
  and the year a page is about (and `sites.admin_page`, a page a model admin adds).

What gathers the apps is in the report's layer: the home page (reports.admin_site, the
admin's `default_site`), the change log (reports.admin_changes) and the reporting year's admin
(reports.admin, which starts a year). Settings name `config.CicteAdminConfig` before the
models are loaded, so this module imports nothing.
"""
