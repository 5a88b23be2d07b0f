"""The MkDocs adapter: the `policypress` plugin (`plugin.py`) and the modules it calls, one per
concern. Only this folder imports MkDocs; the engine knows nothing of it.

- `lifecycle.py`: which command runs, and the publishing build's staging folder (atomic site)
- `generated.py`: the engine's pages and files handed to MkDocs (nav, edit links, feeds, dates)
- `preview.py`: what one `mkdocs serve` session keeps between rebuilds, and its file watcher
- `theme_speed.py`: the theme's compiled templates and file listing, kept for a session
- `passages.py`: pages handed to MkDocs as skeletons, their passages converted once per text
- `kept_pages.py`: pages whose rendered folder an earlier build kept, and their sitemap entries
- `theme_language.py`: a translated page's Material words, navigation, site name and search index
"""
