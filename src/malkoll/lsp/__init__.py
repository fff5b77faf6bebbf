"""`malkoll lsp`: a language server that speaks for every rule while a person types.

The server (`server`, the only module that needs pygls) keeps one `malkoll.session.Session`
per repository (`workspace`), so that a keystroke reads only the file being typed. Around
it, modules without a server of their own: where a finding stands in the editor's units
(`place`), the YAML path at the cursor in a half-typed file (`yamlpath`), what may be
written there (`complete`), what an id or a finding means (`hover`) and the obvious mends
(`actions`).
"""
