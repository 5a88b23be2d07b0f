"""MkDocs hook for a site that keeps the engine beside it: hands MkDocs's events to the PolicyPress
plugin (`policypress.adapter.plugin`); a site with PolicyPress installed lists `policypress` under
`plugins:` instead. MkDocs loads a hook module once per process, as it keeps a plugin instance,
so `_plugin` lives exactly as long as a plugin would."""

from policypress.adapter.plugin import PolicyPressPlugin

_plugin = PolicyPressPlugin.with_defaults()
# MkDocs finds a hook's events among the module's names (`on_config`, …): every event the plugin handles.
globals().update({name: getattr(_plugin, name) for name in vars(PolicyPressPlugin) if name.startswith("on_")})
