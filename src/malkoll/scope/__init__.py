"""Findings for a change: `malkoll validera --andrade [REF]` and `malkoll validera FIL...`.

The whole repository is read and checked as always (the rules span files); only what is
reported is narrowed to what belongs to the change:

- every finding in a changed file: reading, schema and references (MK1xx, MK2xx), and
  whatever else points into it (`ekonomi.yaml` and `uppdrag.yaml` hold every nämnd's
  economy and assignments: whoever changes one of them sees all of its findings);
- the completeness and plausibility findings (MK3xx–MK5xx) of the organisations whose
  plan or internal-control plan changed, wherever they point (their economy and
  assignments, a missing internal-control plan at their entry in `organisation.yaml`),
  and MK207 (two plans of theirs for one year);
- nothing else: another unit's late follow-up, a parent's missing summary (MK310, MK402
  are the parent's) or a goal's indicator without figures (MK403) do not fail the change.

A change to a file that concerns everyone (`malkoll.yaml`, `organisation.yaml`, `mal/`,
`indikatorer/`, a year's `arshjul.yaml`, whose dates decide what is late) can change any
finding: then the whole check is reported, and the summary says why.

The package is two modules: `git` asks git what changed (light: the console entry point
asks it for the key of a replayed answer, before anything heavy is imported), and
`narrow` checks the repository and keeps what belongs to the change.
"""
