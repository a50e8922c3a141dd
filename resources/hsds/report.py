"""The import summary, as the command prints it and the batch page shows it."""

from __future__ import annotations

from resources.models import ImportBatch


def summary_lines(batch: ImportBatch, *, package_shape: str = "") -> list[str]:
    counts, report = batch.counts, batch.report
    lines = [
        f"Import from {batch.source_name}" + (f" ({package_shape})" if package_shape else "") + ":",
        f"  {counts.get('created', 0)} created, {counts.get('updated', 0)} updated, "
        f"{counts.get('unchanged', 0)} unchanged, {counts.get('skipped', 0)} skipped "
        f"(of {counts.get('read', 0)} services).",
    ]
    if counts.get("held_for_second_maintainer"):
        lines.append(f"  {counts['held_for_second_maintainer']} contact changes wait for a second maintainer.")
    if counts.get("kept_as_draft"):
        lines.append(f"  {counts['kept_as_draft']} kept as drafts: they need a look before publishing.")
    for reason, count in (report.get("skip_reasons") or {}).items():
        lines.append(f"  skipped, {reason}: {count}")
    if report.get("needs_review"):
        lines.append(f"  {len(report['needs_review'])} listings need a look (admin: Listings, filter 'needs a look').")
    for what, count in (report.get("repaired") or {}).items():
        lines.append(f"  repaired, {what}: {count}")
    problems = report.get("problems") or []
    if problems:
        lines.append(f"  {counts.get('row_problems', len(problems))} row problems (rows skipped):")
        for problem in problems[:20]:
            record = f" [{problem['record']}]" if problem.get("record") else ""
            lines.append(f"    {problem['file']}:{problem['line']}{record}: {problem['reason']}")
        if len(problems) > 20:
            lines.append(f"    ... and {len(problems) - 20} more (see the batch in admin)")
    unmapped = report.get("unmapped_terms") or {}
    if unmapped:
        shown = ", ".join(list(unmapped)[:15])
        lines.append(f"  {len(unmapped)} taxonomy terms not in taxonomy_map.csv: {shown}")
    languages = report.get("unmapped_languages") or {}
    if languages:
        lines.append("  languages not understood: " + ", ".join(list(languages)[:15]))
    for note in report.get("notes") or []:
        lines.append(f"  note: {note}")
    return lines
