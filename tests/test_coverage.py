"""Disclosure coverage: the catalogue, annotations and their errors, `policypress coverage`,
what `check` says about coverage, and `/api/coverage.json`."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from blocks_sources import block_sections, format_2_settings, load, write_sources
from conftest import REPO, policypress, run
from policy_repo import REGIONS, PolicyRepo, base_sections
from policypress.assemble import assemble
from policypress.coverage import policy_coverage
from policypress.laws import catalogue
from policypress.plaintext import view_text
from policypress.sources.schema import load_schema

REGION_ORDER = ["eea", "uk", "switzerland", "california", "us-states", "brazil", "global"]

# What the Connic policy of December 19, 2025 does not disclose, per region page, as annotated
# in policy_src/ (see README, "Disclosure coverage"). A change to the annotations or the text
# that moves one of these must update this table on purpose.
CONNIC_GAPS = {
    "eea": {
        "gdpr.representative", "gdpr.right_to_object_prominent", "gdpr.statutory_contractual_requirement",
        "gdpr.automated_decisions", "gdpr.joint_controller_arrangement", "gdpr.timing_indirect",
    },
    "switzerland": {
        "ch_fadp.foreign_disclosure", "ch_fadp.automated_decision", "ch_fadp.representative",
        "ch_fadp.timing_indirect", "ch_fadp.form",
    },
    "california": {
        "ccpa.sold_shared_categories", "ccpa.sold_shared_recipients_purposes", "ccpa.disclosed_business_purpose",
        "ccpa.spi_use_statement", "ccpa.opt_out_and_limit_notices", "ccpa.verification_process",
        "ccpa.opt_out_preference_signal", "ccpa.annual_update", "ccpa.metrics_7102",
    },
    "us-states": {
        "us_state.appeal", "us_state.categories_shared", "us_state.sale_targeted_ads_optout",
        "us_state.colorado_specifics", "us_state.ct_llm_training_statement",
    },
    "brazil": {
        "lgpd.rights_art18", "lgpd.petition_anpd", "lgpd.right_to_object", "lgpd.automated_decision_review",
        "lgpd.mandatory_processing_highlight", "lgpd.legitimate_interest_transparency",
        "lgpd.encarregado_contact", "lgpd.international_transfer", "lgpd.changes_highlighted",
    },
    "global": set(),
}
CONNIC_GAPS["uk"] = CONNIC_GAPS["eea"] | {
    "uk_gdpr.uk_representative", "uk_gdpr.complaint_ico", "uk_gdpr.complaints_to_controller",
}


def statuses(region: dict[str, Any]) -> dict[str, str]:
    return {item["id"]: item["status"] for item in region["items"]}


# --- the catalogue ------------------------------------------------------------------------


def test_the_catalogue_ships_as_package_data_and_matches_its_schema() -> None:
    source = REPO / "build_hooks" / "policypress" / "laws" / "disclosures.yaml"
    jsonschema.validate(yaml.safe_load(source.read_text("utf-8")), load_schema("disclosures"))
    laws = {law.id: law for law in catalogue().laws}
    assert set(laws) == {"gdpr", "uk_gdpr", "ch_fadp", "ccpa", "ca_caloppa", "us_state_generic", "lgpd"}
    complaint = catalogue().item("gdpr.complaint_to_authority")
    assert complaint is not None and complaint.cite == "Art. 13(2)(d); Art. 14(2)(e)" and not complaint.conditional
    representative = catalogue().item("gdpr.representative")
    assert representative is not None and representative.conditional
    assert catalogue().item("gdpr.right_to_object_prominent").uncertain  # type: ignore[union-attr]
    # UK GDPR asks for every GDPR item (first) and its own; the "all GDPR items" entry stands
    # for them and is not listed itself.
    uk = [item.id for item in catalogue().items_for(["uk_gdpr"])]
    gdpr = [item.id for item in laws["gdpr"].items]
    assert uk[: len(gdpr)] == gdpr and "uk_gdpr.complaint_ico" in uk and "uk_gdpr.all_gdpr_items" not in uk


# --- the Connic sources -------------------------------------------------------------------


def test_coverage_json_of_the_connic_sources_per_region() -> None:
    result = policypress("coverage", "--format", "json", cwd=REPO)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, load_schema("api-coverage"))
    assert list(data["regions"]) == REGION_ORDER
    laws = {region: entry["laws"] for region, entry in data["regions"].items()}
    assert laws == {
        "eea": ["gdpr"], "uk": ["uk_gdpr"], "switzerland": ["ch_fadp"], "california": ["ccpa", "ca_caloppa"],
        "us-states": ["us_state_generic"], "brazil": ["lgpd"], "global": [],
    }
    for region, gaps in CONNIC_GAPS.items():
        missing = {item_id for item_id, status in statuses(data["regions"][region]).items() if status == "missing"}
        assert missing == gaps, region
    eea = {item["id"]: item for item in data["regions"]["eea"]["items"]}
    # Numbers are the page's own: the EEA page has no California section, so Contact is 14.
    assert eea["gdpr.controller_identity"] == {
        "id": "gdpr.controller_identity", "cite": "Art. 13(1)(a); Art. 14(1)(a)", "status": "covered", "sections": ["2", "14"],
    }
    assert eea["gdpr.complaint_to_authority"]["sections"] == ["9.1", "14"]
    assert eea["gdpr.representative"]["sections"] == []
    california = {item["id"]: item for item in data["regions"]["california"]["items"]}
    assert california["ccpa.categories_collected"]["sections"] == ["13.1"]
    assert california["ccpa.financial_incentive"]["status"] == "not_applicable"
    assert statuses(data["regions"]["brazil"])["lgpd.children_data_practices"] == "not_applicable"
    assert statuses(data["regions"]["uk"])["uk_gdpr.transfers_uk_mechanisms"] == "covered"
    assert data["regions"]["global"]["items"] == []


def test_coverage_text_for_one_region_says_once_it_is_not_legal_advice() -> None:
    result = policypress("coverage", "--region", "california", cwd=REPO)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.count("not legal advice") == 1
    assert "California (/california/), laws: ccpa, ca_caloppa" in out and "European Economic Area" not in out
    assert "covered         ccpa.categories_collected: section 13.1" in out
    assert "missing         ccpa.sold_shared_recipients_purposes (uncertain):" in out
    assert "not applicable  ccpa.financial_incentive (uncertain): Connic offers no financial incentives" in out
    assert "14 covered, 9 missing, 1 not applicable." in out
    misuse = policypress("coverage", "--region", "mars", cwd=REPO)
    assert misuse.returncode == 2 and "no region 'mars'" in misuse.stderr


def test_annotations_leave_every_published_text_as_it_was(tmp_path: Path) -> None:
    # The annotated sources publish exactly the text of the first release: no release needed.
    result = policypress("check", cwd=REPO)
    assert result.returncode == 0, result.stderr
    assert "This change adds no release" in result.stdout


# --- test policies in real git repositories -----------------------------------------------


def annotated_repo(path: Path, north_laws: list[str] | None = None) -> PolicyRepo:
    """The test policy with laws on the North and passages marked as disclosing items."""
    repo = PolicyRepo(path)
    regions = copy.deepcopy(REGIONS)
    regions["regions"][0]["laws"] = north_laws or ["gdpr"]
    repo.sections["contact"]["discloses"] = ["gdpr.controller_identity"]
    repo.sections["rights"]["blocks"].append(
        {"text": "You may complain to the data protection authority.", "discloses": ["gdpr.complaint_to_authority"]}
    )
    repo.sections["data"]["sections"][2]["blocks"] = [
        {"items": [{"text": "Northern readers may ask for a copy of their data.", "discloses": ["gdpr.data_subject_rights"]}]}
    ]
    _write_regions(repo, regions)
    return repo


def _write_regions(repo: PolicyRepo, regions: dict[str, Any]) -> None:
    # PolicyRepo writes its module-level REGIONS; this policy's regions replace them after.
    original = repo.write_policy

    def write_policy() -> None:
        original()
        repo.write("regions.yaml", regions, "regions")

    repo.write_policy = write_policy  # type: ignore[method-assign]
    repo.write_policy()


def test_removing_the_last_covering_passage_fails_the_check(tmp_path: Path) -> None:
    repo = annotated_repo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    repo.git("checkout", "-q", "-b", "change")

    # Existing gaps are warnings, not errors.
    fine = policypress("check", "--base", "main", cwd=repo.path)
    assert fine.returncode == 0, fine.stderr
    assert "### Disclosure coverage" in fine.stdout and "<summary>The North: " in fine.stdout
    assert "- `gdpr.retention` (Art. 13(2)(a); Art. 14(2)(a)): how long data are kept" in fine.stdout

    # Annotations are not text: adding one needs no release.
    repo.sections["data"]["discloses"] = ["gdpr.data_categories"]
    repo.commit("Annotate", "2026-01-12")
    assert policypress("check", "--base", "main", cwd=repo.path).returncode == 0

    # The complaint paragraph goes, and with it the page's only passage naming the right.
    repo.sections["rights"]["blocks"].pop()
    repo.release("2026-02-01", "Shorter rights section.")
    repo.commit("Remove the complaint paragraph", "2026-01-20")
    result = policypress("check", "--base", "main", cwd=repo.path)
    assert result.returncode == 1
    lines = [line for line in result.stderr.splitlines() if "no longer discloses" in line]
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("policy_src/sections/rights.yaml:")  # the section that covered it
    assert (
        "error: The North (/north/) no longer discloses gdpr.complaint_to_authority (Art. 13(2)(d); Art. 14(2)(e): "
        "the right to lodge a complaint with a supervisory authority): this change takes away the last passage "
        "covering it (section 3 before the change)" in lines[0]
    )
    assert "Traceback" not in result.stderr

    # Another passage saying the same keeps the page covered: the check passes again.
    repo.sections["contact"]["blocks"].append(
        {"text": "Complaints may also go to the data protection authority.", "discloses": ["gdpr.complaint_to_authority"]}
    )
    repo.commit("Say it in the contact section", "2026-01-21")
    again = policypress("check", "--base", "main", cwd=repo.path)
    assert again.returncode == 0, again.stderr


def test_a_removed_subsection_is_reported_at_the_region(tmp_path: Path) -> None:
    repo = annotated_repo(tmp_path / "repo")
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    del repo.sections["data"]["sections"][2]  # the Northern rules, the only list of rights
    repo.release("2026-02-01", "No northern rules.")
    repo.commit("Remove", "2026-01-20")
    result = policypress("check", "--base", "HEAD~1", cwd=repo.path)
    assert result.returncode == 1
    assert "policy_src/regions.yaml:" in result.stderr
    assert "The North (/north/) no longer discloses gdpr.data_subject_rights (Art. 13(2)(b); Art. 14(2)(c)" in result.stderr
    assert "(section 2.3 before the change)" in result.stderr


def test_a_conditional_item_marked_not_applicable(tmp_path: Path) -> None:
    repo = annotated_repo(tmp_path / "repo")
    regions = copy.deepcopy(REGIONS)
    regions["regions"][0]["laws"] = ["gdpr"]
    regions["regions"][0]["not_applicable"] = {"gdpr.representative": "Acme is established in the North."}
    _write_regions(repo, regions)
    result = policypress("coverage", "--format", "json", "--region", "north", cwd=repo.path)
    assert result.returncode == 0, result.stderr
    items = {item["id"]: item for item in json.loads(result.stdout)["regions"]["north"]["items"]}
    assert items["gdpr.representative"] == {
        "id": "gdpr.representative", "cite": "Art. 13(1)(a); Art. 14(1)(a); Art. 27", "status": "not_applicable", "sections": [],
    }
    assert items["gdpr.complaint_to_authority"]["status"] == "covered"
    assert items["gdpr.data_subject_rights"]["sections"] == ["2.3"]
    text = policypress("coverage", "--region", "north", cwd=repo.path).stdout
    assert "not applicable  gdpr.representative: Acme is established in the North." in text


def _line_of(path: Path, snippet: str, after: str | None = None) -> tuple[int, int]:
    text = path.read_text("utf-8")
    start = text.index(after) if after else 0
    offset = text.index(snippet, start)
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def test_annotation_errors_are_located(tmp_path: Path) -> None:
    repo = annotated_repo(tmp_path / "repo")
    repo.sections["contact"]["discloses"] = ["gdpr.controller_identiy"]
    repo.sections["data"]["discloses"] = ["gdpr.recipients"]
    repo.sections["rights"]["blocks"][0]["items"][0] = {"text": "Ask for a copy.", "discloses": ["gdpr.nothing_like_it"]}
    regions = copy.deepcopy(REGIONS)
    regions["regions"][0]["laws"] = ["gdpr"]
    regions["regions"][0]["not_applicable"] = {
        "ccpa.metrics_7102": "Acme has no Californian readers.",  # not an item of the North's laws
        "gdpr.purposes": "None.",  # applies always
        "gdpr.recipients": "Nobody.",  # a passage on the page discloses it
        "gdpr.no_such_item": "Typo.",
    }
    regions["regions"][1]["laws"] = ["gdrp"]
    _write_regions(repo, regions)
    result = policypress("validate", cwd=repo.path)
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    sources = repo.path / "policy_src"

    def expect(relative: str, snippet: str, message: str, after: str | None = None) -> None:
        line, column = _line_of(sources / relative, snippet, after)
        wanted = f"policy_src/{relative}:{line}:{column}: error: {message}"
        assert any(e.startswith(wanted) for e in errors), f"{wanted}\n" + "\n".join(errors)

    expect("sections/contact.yaml", '"gdpr.controller_identiy"', "unknown disclosure item 'gdpr.controller_identiy'; did you mean 'gdpr.controller_identity'?")
    expect("sections/rights.yaml", '"gdpr.nothing_like_it"', "unknown disclosure item 'gdpr.nothing_like_it'")
    expect("regions.yaml", '"gdrp"', "unknown law 'gdrp' in region 'south'; did you mean 'gdpr'?")
    expect("regions.yaml", '"ccpa.metrics_7102"', "region 'north' marks 'ccpa.metrics_7102' not applicable, but its laws (gdpr) do not ask for it; remove the unused reason")
    expect("regions.yaml", '"gdpr.purposes"', "'gdpr.purposes' (Art. 13(1)(c); Art. 14(1)(c)) applies always, so it cannot be marked not applicable")
    expect("regions.yaml", '"gdpr.recipients"', "region 'north' marks 'gdpr.recipients' not applicable, but a passage on its page discloses it (policy_src/sections/data.yaml:")
    expect("regions.yaml", '"gdpr.no_such_item"', "unknown disclosure item 'gdpr.no_such_item' in the not_applicable list of region 'north'")
    assert len(errors) == 8 and errors[-1] == "7 problems found."
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(("as_of", "warned"), [("2027-01-10", False), ("2027-01-11", True)])
def test_a_california_page_not_updated_for_12_months_is_a_warning(tmp_path: Path, as_of: str, warned: bool) -> None:
    repo = annotated_repo(tmp_path / "repo", north_laws=["ccpa"])
    repo.release("2026-01-10", "First version.")
    repo.commit("First release", "2026-01-10")
    result = run([sys.executable, "-m", "policypress", "check"], repo.path, POLICYPRESS_AS_OF=as_of)
    assert result.returncode == 0, result.stderr
    sentence = (
        "> **Warning:** The North (/north/): the page was last updated January 10, 2026, more than 12 months before "
        "January 11, 2027; Civ. §1798.130(a)(5) asks to update the required privacy-policy information at least "
        "once every 12 months."
    )
    assert (sentence in result.stdout) is warned
    assert ("warning: The North (/north/): the page was last updated 2026-01-10" in result.stderr) is warned
    # Only laws that ask for a yearly update warn: the South answers to none.
    assert "The South (/south/): the page was last updated" not in result.stdout


# --- the published data file --------------------------------------------------------------


def test_the_site_publishes_coverage_json_for_auditors(built_site: Path) -> None:
    published = json.loads((built_site / "api" / "coverage.json").read_text("utf-8"))
    jsonschema.validate(published, load_schema("api-coverage"))
    command = json.loads(policypress("coverage", "--format", "json", cwd=REPO).stdout)
    assert published == command
    # Coverage is for editors and auditors: reader pages do not show it.
    page = (built_site / "california" / "index.html").read_text("utf-8")
    assert "ccpa.categories_collected" not in page and "discloses" not in page


# --- format 2: nested list items, tables and rows, the preamble ---------------------------


def _format_2_with_annotations(root: Path, annotate: bool) -> Path:
    sections = block_sections()
    if annotate:
        table = sections["data"]["blocks"][1]
        table["discloses"] = ["gdpr.data_categories"]
        rows = table["table"]["rows"]
        rows[1]["discloses"] = ["gdpr.recipients"]  # north-law row
        rows[2]["discloses"] = ["gdpr.purposes"]  # south-law row
        steps = sections["data"]["blocks"][2]["items"][1]["items"]
        steps[1]["discloses"] = ["gdpr.source_of_data"]  # nested item, everywhere
        steps[2]["discloses"] = ["gdpr.retention"]  # nested item, southern only
        sections["rights"]["blocks"][0]["discloses"] = ["gdpr.data_subject_rights"]  # a whole list
    write_sources(root, sections, format_2_settings())
    regions = copy.deepcopy(REGIONS)
    for region in regions["regions"][:2]:
        region["laws"] = ["gdpr"]
    (root / "policy_src" / "regions.yaml").write_text(json.dumps(regions, indent=2) + "\n", "utf-8")
    return root


def test_list_items_nested_items_tables_and_rows_disclose_on_the_pages_that_show_them(tmp_path: Path) -> None:
    policy = load(_format_2_with_annotations(tmp_path / "annotated", annotate=True))
    plain = load(_format_2_with_annotations(tmp_path / "plain", annotate=False))
    for region in [None, *policy.regions]:  # annotations are never text
        assert view_text(assemble(policy, region)) == view_text(assemble(plain, None if region is None else plain.region(region.id)))
    found = {c.region.id: {e.item.id: (e.status.value, e.sections) for e in c.items} for c in policy_coverage(policy, catalogue())}
    north, south = found["north"], found["south"]
    assert north["gdpr.data_categories"] == ("covered", ("2",)) == south["gdpr.data_categories"]
    assert north["gdpr.recipients"] == ("covered", ("2",)) and south["gdpr.recipients"][0] == "missing"
    assert south["gdpr.purposes"] == ("covered", ("2",)) and north["gdpr.purposes"][0] == "missing"
    assert north["gdpr.source_of_data"] == ("covered", ("2",)) == south["gdpr.source_of_data"]
    assert south["gdpr.retention"] == ("covered", ("2",)) and north["gdpr.retention"][0] == "missing"
    assert north["gdpr.data_subject_rights"] == ("covered", ("3",))
    assert found["west"] == {}


def test_the_preamble_cannot_disclose(tmp_path: Path) -> None:
    preamble = [{"text": "Acme is the controller.", "discloses": ["gdpr.controller_identity"]}]
    root = write_sources(tmp_path, base_sections(), format_2_settings(preamble))
    result = policypress("validate", cwd=root)
    assert result.returncode == 1
    line, column = _line_of(root / "policy_src" / "settings.yaml", "gdpr.controller_identity")
    assert f"policy_src/settings.yaml:{line}:{column}: error: the preamble has no section number" in result.stderr
