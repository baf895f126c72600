"""PDFs of a progress table, built with reportlab from the rows the tests write as workbooks.

`write_pdf` prints `rows` (default: the seed's `spreadsheet_rows()`) as Excel prints a
table: the title above it, A4 landscape over several pages, the header repeated on every
page, long cells wrapped inside their column (a line break of the cell — a paragraph —
stays one), goal and area rows as one cell spanning the row, ruled cells (or none, with
`ruled=False`), a page number under each page. The Japanese font is IPAexGothic, embedded
from the matplotlib_fontja package (nothing is downloaded).

Also: a scan (`write_scan_pdf`: an image, no text layer), a PDF whose font has no Unicode
mapping (`write_cid_pdf`: its text extracts as (cid:NNNN)) and one that needs a password
(`write_encrypted_pdf`).
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .conftest import spreadsheet_rows

FONT = "IPAexGothic"
#: Column widths as shares of the printable width: 事業名, 所管課, 内容, これまで, 今後.
COLUMNS = (0.16, 0.10, 0.24, 0.25, 0.25)
MARGIN = 10 * mm


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        ttf = importlib.resources.files("matplotlib_fontja") / "fonts" / "ipaexg.ttf"
        with importlib.resources.as_file(ttf) as path:
            pdfmetrics.registerFont(TTFont(FONT, str(path)))
    return FONT


def _page_number(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(_font(), 9)
    canvas.drawCentredString(landscape(A4)[0] / 2, 5 * mm, f"- {doc.page} -")
    canvas.restoreState()


def _document(path: Path, **kwargs) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        str(path),
        pagesize=landscape(A4),
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        **kwargs,
    )


def _story(
    rows: list[list[str]], ruled: bool, font_size: float, merged_down: tuple[int, ...]
) -> list:
    font = _font()
    cell = ParagraphStyle("cell", fontName=font, fontSize=font_size,
                          leading=font_size * 1.25, wordWrap="CJK")  # fmt: skip
    title = ParagraphStyle("title", fontName=font, fontSize=12, leading=16)
    width = landscape(A4)[0] - 2 * MARGIN
    data, style = [], [("VALIGN", (0, 0), (-1, -1), "TOP")]
    if ruled:
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    for r, cells in enumerate(rows[1:]):
        cells = cells + [""] * (len(COLUMNS) - len(cells))
        data.append([Paragraph(escape(c).replace("\n", "<br/>"), cell) for c in cells])
        if not any(c.strip() for c in cells[1:]):  # a goal or area row: one cell over the row
            style.append(("SPAN", (0, r), (-1, r)))
    for r in merged_down:  # a name cell merged with the row below (rows[r] and rows[r + 1])
        style.append(("SPAN", (0, r - 1), (0, r)))
    table = Table(data, colWidths=[width * share for share in COLUMNS], repeatRows=1)
    table.setStyle(TableStyle(style))
    return [Paragraph(escape(rows[0][0]), title), Spacer(1, 4 * mm), table]


def write_pdf(
    path: Path,
    rows: list[list[str]] | None = None,
    *,
    ruled: bool = True,
    font_size: float = 8,
    merged_down: tuple[int, ...] = (),
    encrypt: StandardEncryption | None = None,
) -> Path:
    """`rows` (title row first, then the header, as `write_xlsx` takes them) as a PDF; the
    name cell of each row `merged_down` (an index of `rows`) merged with the row below."""
    doc = _document(path, encrypt=encrypt)
    story = _story(rows or spreadsheet_rows(), ruled, font_size, merged_down)
    doc.build(story, onFirstPage=_page_number, onLaterPages=_page_number)
    return path


def write_scan_pdf(path: Path) -> Path:
    """A scanned table: one page holding an image of ruled lines, no characters at all."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen.canvas import Canvas

    image = Image.new("L", (842, 595), 255)
    draw = ImageDraw.Draw(image)
    for y in range(60, 560, 40):
        draw.line([(30, y), (810, y)], fill=0, width=2)
    for x in (30, 160, 240, 430, 620, 810):
        draw.line([(x, 60), (x, 540)], fill=0, width=2)
    canvas = Canvas(str(path), pagesize=landscape(A4))
    canvas.drawImage(ImageReader(image), 0, 0, *landscape(A4))
    canvas.showPage()
    canvas.save()
    return path


def write_cid_pdf(path: Path, rows: list[list[str]] | None = None) -> Path:
    """The table as a PDF whose embedded font has no ToUnicode table (the key is renamed,
    same length, so the file stays valid): every Japanese glyph extracts as (cid:NNNN)."""
    write_pdf(path, rows)
    path.write_bytes(path.read_bytes().replace(b"/ToUnicode", b"/XoUnicode"))
    return path


def write_encrypted_pdf(path: Path, rows: list[list[str]] | None = None) -> Path:
    """The table as a PDF that needs the password 'secret' to open."""
    return write_pdf(path, rows, encrypt=StandardEncryption("secret", canPrint=1))


def page_count(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


# --- a second year ---------------------------------------------------------------------------

#: The FY2022 variant of the seed (令和4年度): these edits and nothing else.
TITLE_R4 = ("令和3年度", "令和4年度")
RENAMED = ("市民後見人育成", "市民後見人の育成")
#: A 今後の予定 rewritten as two paragraphs (a line break inside the cell).
PLANS_R4 = (
    "民生委員・児童委員活動への支援",
    "引き続き、民生委員協力員を委嘱し、民生委員・児童委員の活動を支援する。\n"
    "協力員の研修会を年2回開催し、活動内容の共有を図る。",
)
REMOVED = "母子・父子家庭の連絡組織の設立の検討"
#: A new item after the named one: many owners (the 所管課 cell wraps between names) and
#: a Latin word and a URL in its text.
ADDED = (
    "対象者横断の相談・支援窓口の設置と住民への周知",
    [
        "重層的支援体制整備事業の実施",
        "自立支援課 社会福祉課 障がい福祉課 高齢者福祉課 子育て支援課",
        "属性を問わない相談支援、参加支援及び地域づくりに向けた支援を一体的に実施する。"
        "詳細はWebサイト(https://www.city.kisarazu.lg.jp/)で周知する。",
        "移行準備事業として、関係機関による支援会議(オンライン会議システムZoomを利用)を"
        "4回開催した。",
        "本格実施に向けて、関係機関との連携体制を整備する。\n○支援会議の定例化\n"
        "○相談窓口の一覧をWebサイトで公開",
    ],
)


def second_year_rows() -> list[list[str]]:
    """The seed's spreadsheet rows with the FY2022 edits above."""
    rows = [list(r) for r in spreadsheet_rows()]
    rows[0][0] = rows[0][0].replace(*TITLE_R4)
    names = [r[0] for r in rows]
    rows[names.index(RENAMED[0])][0] = RENAMED[1]
    rows[names.index(PLANS_R4[0])][4] = PLANS_R4[1]
    after, new = ADDED
    rows.insert(names.index(after) + 1, new)
    del rows[[r[0] for r in rows].index(REMOVED)]
    return rows
