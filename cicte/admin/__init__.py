"""The back office's shared bases, one concern a module:

- `base.HistoryAdmin`: the base of every model admin ("History", revert, database refusals on
  the form), with `recover` ("Recover deleted") and `locking` (a stale form is refused);
- `scoping`: program officers edit only their programs' records; `publishing`: the publish
  actions; `checks`: the report's checks as a list filter; `widgets`: countries and links;
- `languages`, `inlines`, `io` (spreadsheets), `changes` (the change log), `site` (the home
  page), and `years`: the admin of the reporting year.

Settings name `config.CicteAdminConfig` before the models are loaded, so this module imports
nothing: the config registers `years` once autodiscovery has run.
"""
