"""The back office's shared bases, and the admin of the reporting year (`years`).

Settings name this package's `config.CicteAdminConfig` before the models are loaded, so this
module imports nothing else: the config registers `years` once autodiscovery has run.
"""
