"""The session page in a real browser: a session built with "Add to session" on case cards,
shared by its copied link, printed with every case's address, downloaded as a pack file that
`casebook validate` accepts, and a hostile address that shows only text (issue 16)."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml
from playwright.sync_api import Page, expect

from casebook.library.packs import FIELDS, MAX_CASES
from tests.helpers.e2e import LibraryCase, Site
from tests.helpers.library import ROOT, copy_site_files

READY = "[data-cb-session][data-cb-ready='true']"
WIDTHS = [1366, 390]
PACK = "/packs/board-accountability-for-race-equality/"


def open_session(page: Page, path: str) -> None:
    page.goto(path)
    page.locator(READY).wait_for(state="attached")


def session_titles(page: Page) -> list[str]:
    return page.locator(".cb-session__case-title a").all_inner_texts()


@pytest.fixture(scope="module")
def three(library: list[LibraryCase]) -> list[LibraryCase]:
    """Three cases of the real library, one of them with a "What did not work" section."""
    failed = next(c for c in library if c.front["outcome"] in ("mixed", "did-not-work"))
    others = [c for c in library if c.slug != failed.slug]
    return [others[0], failed, others[1]]


def session_path(cases: list[LibraryCase], title: str = "") -> str:
    query = "cases=" + ",".join(c.slug for c in cases)
    return f"/session/?{query}" + (f"&title={quote(title)}" if title else "")


# ---------------------------------------------------------------- the journey


@pytest.mark.parametrize("width", WIDTHS)
def test_a_session_built_from_cards_opens_from_its_copied_link_in_a_fresh_context(
        open_page: Callable[..., Page], site: Site, width: int) -> None:
    """Three cards' "Add to session" build the list; the session page's copied link, opened
    in a new browser context (no storage), shows the same three cases in the same order."""
    viewport = {"width": width, "height": 900}
    page = open_page(viewport=viewport, permissions=["clipboard-read", "clipboard-write"])
    page.goto("/")
    cards = page.locator(".cb-card")
    chosen = []
    for index in (2, 0, 1):  # not in the page's order: the session keeps the order of choice
        card = cards.nth(index)
        card.get_by_role("button", name=re.compile(r"^Add .* to session$")).click()
        expect(card.locator("button[data-cb-add]")).to_have_attribute("aria-pressed", "true")
        chosen.append(card.locator(".cb-card__title a").inner_text())
    bar = page.locator(".cb-session-bar")
    expect(bar).to_contain_text("3 cases in your session.")
    bar.get_by_role("link", name="Open the session").click()
    page.locator(READY).wait_for(state="attached")
    assert session_titles(page) == chosen
    page.get_by_role("button", name="Copy link").click()
    expect(page.locator(".cb-share__status")).to_have_text("Copied the link")
    copied = str(page.evaluate("navigator.clipboard.readText()"))
    assert copied == page.locator("#cb-session-link").inner_text()
    assert copied.startswith(f"{site.url}/session/?cases=")

    fresh = open_page(viewport=viewport)  # a new context: nothing stored, no history
    fresh.goto(copied)
    fresh.locator(READY).wait_for(state="attached")
    assert session_titles(fresh) == chosen
    for section in ("What they did", "Impact"):
        assert fresh.locator(".cb-session__case").first.get_by_role(
            "heading", name=section, exact=True).count() == 1


def test_a_case_page_adds_itself_to_the_session_and_can_take_itself_out(
        page: Page, three: list[LibraryCase]) -> None:
    """The case page's button toggles: pressed once it is in the list, and the bar says so."""
    page.goto(f"/cases/{three[0].slug}/")
    button = page.locator(".cb-case__session button[data-cb-add]")
    expect(button).to_have_text(f"Add “{three[0].title}” to session")
    button.click()
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_text(f"Remove “{three[0].title}” from session")
    expect(page.locator(".cb-session-bar a")).to_have_attribute(
        "href", re.compile(rf"/session/\?cases={three[0].slug}$"))
    button.click()
    expect(button).to_have_attribute("aria-pressed", "false")


def test_the_session_shows_each_case_s_parts_and_questions_once(
        page: Page, three: list[LibraryCase], taxonomy: dict) -> None:
    """Each case shows its summary and sections from its own page; the questions are those of
    the cases' primary areas, each once."""
    open_session(page, session_path(three))
    articles = page.locator(".cb-session__case")
    assert articles.count() == 3
    for index, case in enumerate(three):
        expect(articles.nth(index).locator(".cb-session__summary")).to_have_text(
            str(case.front["summary"]).strip())
    failed = articles.nth(1)
    assert failed.get_by_role("heading", name="What did not work", exact=True).count() == 1
    areas = {a["id"]: a for a in taxonomy["facets"]["areas"]["terms"]}
    expected = []
    for area_id in sorted({c.front["areas"][0] for c in three},
                          key=lambda a: list(areas).index(a)):
        expected += [q for q in areas[area_id]["board_questions"] if q not in expected]
    shown = page.locator("#cb-session-questions li").all_inner_texts()
    assert shown == expected


def test_reordering_and_removing_change_the_address(page: Page,
                                                    three: list[LibraryCase]) -> None:
    """Moving a case earlier and removing one rewrite the session's address at once."""
    open_session(page, session_path(three))
    page.get_by_role("button", name=f"Up “{three[1].title}” earlier").click()
    assert session_titles(page) == [three[1].title, three[0].title, three[2].title]
    page.get_by_role("button", name=f"Remove “{three[0].title}” from the session").click()
    assert session_titles(page) == [three[1].title, three[2].title]
    assert page.url.endswith(f"/session/?cases={three[1].slug},{three[2].slug}")
    page.get_by_label(f"Minutes for “{three[2].title}”").fill("25")
    expect(page.locator("#cb-session-total")).to_have_text("25 minutes (the times typed in)")
    assert page.url.endswith("&minutes=,25")


# ---------------------------------------------------------------- print


@pytest.mark.parametrize("width", WIDTHS)
def test_the_printed_session_carries_every_case_s_full_address(
        open_page: Callable[..., Page], site: Site, three: list[LibraryCase],
        tmp_path: Path, width: int) -> None:
    """In print media the controls are gone and every case's absolute address is shown; the
    PDF Chromium prints has a few pages and a link to every case's address. (No PDF text
    parser is installed: the printed text is checked in the print-emulated page, the PDF by
    its page objects and link annotations, which Chromium writes uncompressed.)"""
    page = open_page(viewport={"width": width, "height": 900})
    open_session(page, session_path(three, "Safe spaces for the board"))
    page.emulate_media(media="print")
    for hidden in (".cb-session__controls", ".cb-session__actions", ".md-header",
                   ".md-footer", ".cb-share__actions"):
        assert not page.locator(hidden).first.is_visible(), hidden
    expect(page.locator("h1").first).to_have_text("Safe spaces for the board")
    addresses = page.locator(".cb-session__case .cb-print-address a")
    expected = [f"{site.url}/cases/{c.slug}/" for c in three]
    assert addresses.all_inner_texts() == expected
    for index in range(3):
        assert addresses.nth(index).is_visible()
    questions = page.locator("#questions-to-discuss")
    assert questions.is_visible()
    keep = page.locator(".cb-keep")
    assert keep.locator("h2#questions-to-discuss").count() == 1
    assert keep.locator(".cb-discuss__group li").count() >= 1
    assert keep.evaluate("k => getComputedStyle(k).breakInside") == "avoid"
    assert questions.evaluate("h => getComputedStyle(h).breakAfter") == "avoid"

    pdf = page.pdf(path=str(tmp_path / "session.pdf"))
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    assert 1 <= pages <= 6, f"{pages} pages"
    for address in expected:
        assert f"/URI ({address})".encode() in pdf, address


def test_a_pack_handout_prints_the_same_way(page: Page, site: Site) -> None:
    """A pack prints each case's full address, its "Questions to discuss" in one block kept
    together and its own "What they did", with the session's controls and the pack's session
    link hidden."""
    page.goto(PACK)
    pack = yaml.safe_load((ROOT / "packs" / "board-accountability-for-race-equality.yml")
                          .read_text(encoding="utf-8"))
    page.emulate_media(media="print")
    addresses = page.locator(".cb-print-address a")
    assert addresses.all_inner_texts() == [f"{site.url}/cases/{e['case']}/"
                                           for e in pack["cases"]]
    blocks = page.locator(".cb-discuss")
    assert blocks.count() == len(pack["cases"])
    assert blocks.first.evaluate("b => getComputedStyle(b).breakInside") == "avoid"
    assert blocks.first.locator(".cb-discuss__heading + ol li").count() >= 1
    assert not page.locator("a[href*='session/?cases=']").is_visible()
    # Each case's own text is printed with it: its "What they did", from the case file.
    texts = page.locator(".cb-pack__text")
    assert texts.count() == len(pack["cases"])
    first = pack["cases"][0]["case"]
    body = (ROOT / "cases" / f"{first}.md").read_text(encoding="utf-8").split("---\n", 2)[2]
    did = body.split("## What they did", 1)[1].split("\n## ", 1)[0]
    words = " ".join(did.strip().split("\n\n")[0].split())[:80]
    expect(texts.first.get_by_role("heading", name="What they did")).to_be_visible()
    assert words in " ".join(texts.first.inner_text().split())


def test_a_pack_opens_as_a_session_of_its_cases(page: Page) -> None:
    """The handout's link opens the session page with the pack's cases and title."""
    page.goto(PACK)
    page.get_by_role("link", name="Open these cases as a session you can change").click()
    page.locator(READY).wait_for(state="attached")
    expect(page.locator("h1").first).to_have_text("Board accountability for race equality")
    assert page.locator(".cb-session__case").count() == 4


def test_an_area_page_opens_its_newest_cases_as_a_session_that_prints_their_addresses(
        page: Page, site: Site, library: list[LibraryCase]) -> None:
    """The facilitator's area page: its link opens its newest cases (at most a session's
    number) as a session under the area's title, which prints every case's address."""
    counts: dict[str, int] = {}
    for case in library:
        for area in case.front["areas"]:
            counts[area] = counts.get(area, 0) + 1
    area = max(counts, key=lambda a: counts[a])
    page.goto(f"/areas/{area}/")
    # The area page's heading carries a permalink sign; the session's title is the words.
    title = page.locator("h1").first.inner_text().rstrip("¶").strip()
    link = page.locator(".cb-area-session a")
    cards = page.locator(".cb-cards .cb-card__title a")
    newest = cards.all_inner_texts()[:MAX_CASES]
    link.click()
    page.locator(READY).wait_for(state="attached")
    expect(page.locator("h1").first).to_have_text(title)
    assert session_titles(page) == newest
    page.emulate_media(media="print")
    assert len(page.locator(".cb-print-address a").all_inner_texts()) == len(newest)


# ---------------------------------------------------------------- hostile addresses


HOSTILE_TITLE = ('<img src=x onerror="document.body.dataset.owned=1">&amp;&lt;b&gt;'
                 "\u202e\u0000\u2028evil\u200b" + "x" * 5000)


def test_a_hostile_address_shows_only_text_and_says_what_it_left_out(
        page: Page, three: list[LibraryCase]) -> None:
    """Markup and entities in the title stay text, controls go, the title is capped; unknown,
    malformed and repeated slugs and thousands of items are left out with a visible note."""
    items = [three[0].slug, "no-such-case", three[0].slug, "<script>", "../../etc",
             *[three[1].slug] * 20, *["x"] * 3000]
    path = f"/session/?cases={quote(','.join(items))}&title={quote(HOSTILE_TITLE)}"
    open_session(page, path)
    title = page.locator("h1").first.inner_text()
    assert title.startswith('<img src=x onerror="document.body.dataset.owned=1">&amp;&lt;b&gt;')
    assert len(title) <= 120
    assert not re.search("[\u0000-\u001f\u202e\u2028\u200b]", title)
    assert page.evaluate("document.body.dataset.owned") is None
    assert page.locator(".md-content img[src='x']").count() == 0
    assert session_titles(page) == [three[0].title, three[1].title]
    notes = page.locator("#cb-session-notes")
    expect(notes).to_be_visible()
    expect(notes).to_contain_text("not in this library and left out")
    expect(notes).to_contain_text("listed twice")


def test_a_session_holds_at_most_a_pack_s_number_of_cases(
        page: Page, library: list[LibraryCase]) -> None:
    """A link naming more cases than a pack may hold keeps the first MAX_CASES and says so."""
    open_session(page, session_path(library[:MAX_CASES + 5]))
    assert page.locator(".cb-session__case").count() == MAX_CASES
    expect(page.locator("#cb-session-notes")).to_contain_text(
        f"A session holds at most {MAX_CASES} cases")


# ---------------------------------------------------------------- the pack file


EVIL_TITLE = ('Evil" \ntitle: injected\nfacilitator_notes: "x" # \\ \u0085\ufeff\U0001f600'
              " board's session: {a: [b]} &anchor *alias !!python/object")


def test_the_downloaded_pack_passes_casebook_validate(
        page: Page, three: list[LibraryCase], tmp_path: Path) -> None:
    """The pack file of a session with a hostile title is a valid pack: `casebook validate`
    passes with it in packs/, its keys are a pack's, and the title is the session's, as text."""
    open_session(page, session_path(three, EVIL_TITLE))
    shown = page.locator("h1").first.inner_text()
    with page.expect_download() as info:
        page.locator("#cb-session-download").click()
    download = info.value
    name = download.suggested_filename
    assert re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*\.yml", name)
    expect(page.locator("#cb-session-download")).to_have_text(f"Download as packs/{name}")
    library = tmp_path / "library"
    copy_site_files(library)
    shutil.copytree(ROOT / "cases", library / "cases")
    (library / "packs").mkdir()
    download.save_as(library / "packs" / name)
    text = (library / "packs" / name).read_text(encoding="utf-8")
    assert text.isascii()
    data = yaml.safe_load(text)
    assert set(data) == set(FIELDS)
    assert data["title"] == shown
    assert [entry["case"] for entry in data["cases"]] == [c.slug for c in three]
    result = subprocess.run(
        [sys.executable, "-m", "casebook.cli", "--root", str(library), "validate"],
        capture_output=True, text=True, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


# ---------------------------------------------------------------- without JavaScript


def test_without_javascript_the_session_page_says_what_it_is_and_links_to_packs(
        open_page: Callable[..., Page], three: list[LibraryCase]) -> None:
    """No script: the page explains sessions, says building one needs JavaScript, links to
    the packs, and shows no control that cannot work."""
    page = open_page(java_script_enabled=False)
    page.goto(session_path(three))
    expect(page.locator(".cb-session__nojs")).to_be_visible()
    expect(page.locator(".cb-session__nojs")).to_contain_text("needs JavaScript")
    assert page.locator(".cb-session__nojs a[href$='packs/']").count() == 1
    assert not page.locator("#cb-session-app").is_visible()
    page.goto("/")
    assert not page.locator("button[data-cb-add]").first.is_visible()
