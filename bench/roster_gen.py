#!/usr/bin/env python3
"""Writes a class roster (附件2 《培训班学员学时登记信息汇总表》) of ROWS valid, distinct participants,
for bench/roster.sh:

    python3 bench/roster_gen.py ROWS OUT.xlsx [--class-name NAME --organiser NAME --hours H --seed S]

Layout as the template: row 1 the title (merged A1:M1), row 2 填报人 / 联系电话 / 填报日期 (merged
A2:M2), row 3 the 13-column header, participants from row 4. Every row passes the roster checks
we know of (domain.md CL5, §2.7.1): a GB 11643 身份证号 with a real birth date (age 24 to 60) and
the check character, 性别 matching the parity of its 17th character, 职称 from the seeded title
dictionary for its series and level, an 11-digit mobile number. 身份证号 and 手机号码 are text
cells (number format "@"), 认定学时 a number, 是否省属单位人员 是 except exactly 10 % 否.
IDs are distinct and never one of the demo persons'. Deterministic for a given --seed.
Written in openpyxl's write-only mode, so memory stays flat; then, as Excel and WPS save a file,
the text moves into a shared-string table (xl/sharedStrings.xml) and the sheet gets its <dimension>
(openpyxl 3.1 writes inline strings and no dimension); --inline-strings keeps openpyxl's file.
"""

import argparse
import codecs
import datetime as dt
import os
import random
import re
import sys
import zipfile

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font

HEADER = ["序号", "培训单位", "培训班名称", "姓名", "性别", "企业名称", "身份证号", "职称专业系列",
          "职称级别", "职称", "认定学时", "手机号码", "是否省属单位人员"]
WIDTHS = [7, 24, 36, 10, 6, 34, 22, 16, 10, 16, 10, 15, 16]

# Surnames with rough weights (common nationally, Zhejiang-leaning).
SURNAMES = ("王8 陈8 张7 李7 吴5 徐5 周4 杨4 金3 刘4 黄3 朱3 胡3 沈3 蒋2 钱2 潘2 俞2 应2 叶2 郑2 方2 "
            "林2 何2 孙2 赵2 马1 高1 罗1 梁1 谢1 宋1 唐1 许1 韩1 冯1 邓1 曹1 彭1 曾1 肖1 田1 董1 袁1 "
            "于1 蔡1 余1 杜1 程1 苏1 魏1 吕1 丁1 任1 姚1 卢1 姜1 钟1 陆1 汪1 范1 石1 夏1 邵1 毛1 "
            "顾1 龚1 楼1 裘1 童1 竺1 屠1 翁1 葛1 严1 戴1 孔1 汤1 章1 项1 洪1").split()
SURNAME_CHARS = [s[0] for s in SURNAMES]
SURNAME_WEIGHTS = [int(s[1:]) for s in SURNAMES]
MALE_CHARS = list("伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆旭宁龙林建国志海峰晨文博东亮成家振彬昊"
                  "立新永春晓江毅锋一航天杭泽宏远诚")
FEMALE_CHARS = list("芳娜敏静丽艳娟霞秀燕玲丹萍红琳婷雪慧颖倩洁佳莉梅瑶琪晶欣怡悦嘉露蕾璐月英君菲琴玉"
                    "兰凤青雅思梦瑜妍")

# County-level address codes: mostly Zhejiang, some from other provinces.
ZJ_CODES = ("330102 330105 330106 330108 330109 330110 330111 330112 330122 330182 330203 330205 "
            "330206 330211 330212 330281 330282 330302 330303 330304 330381 330382 330402 330411 "
            "330481 330482 330502 330503 330521 330602 330603 330604 330681 330702 330703 330782 "
            "330783 330802 330803 330902 331002 331003 331004 331082 331102 331181").split()
OTHER_CODES = "340104 360102 410105 420106 430104 510107 320106 350102 370102 362301 341502".split()

# (series, [(level, title, weight)]) from the seeded title dictionary (the foundation migration).
TITLES = [
    ("工程技术人员", 80, [("正高级", "正高级工程师", 5), ("副高级", "高级工程师", 25), ("中级", "工程师", 40),
                        ("助理级", "助理工程师", 20), ("员级", "技术员", 10)]),
    ("经济专业人员", 12, [("副高级", "高级经济师", 20), ("中级", "经济师", 60), ("助理级", "助理经济师", 20)]),
    ("会计人员", 8, [("副高级", "高级会计师", 20), ("中级", "会计师", 50), ("助理级", "助理会计师", 30)]),
]

CITIES = ["杭州", "宁波", "温州", "嘉兴", "湖州", "绍兴", "金华", "衢州", "舟山", "台州", "丽水", "浙江", "浙江省"]
BRANDS = ("华东 中天 宏达 恒信 建联 立信 东方 新世纪 广厦 大成 锦程 汇通 正和 天润 合创 鼎力 德信 远大 明远 "
          "之江 钱塘 西湖 越州 甬城 瓯江 南湖 新安 天工 宏润 中恒 信达 永安 嘉诚 众合 博远 海川 润泽 "
          "华汇 兴业 泰和 东南 联合 国信 安信 方圆 经纬 卓越 耀华").split()
TRADES = ["建筑设计研究院有限公司", "建设集团有限公司", "工程咨询有限公司", "市政工程有限公司",
          "工程建设监理有限公司", "工程造价咨询有限公司", "勘察设计有限公司", "岩土工程有限公司",
          "建工集团有限公司", "园林工程有限公司", "建筑工程有限公司", "城建设计集团有限公司",
          "工程检测有限公司", "规划设计研究院有限公司"]

PHONE_PREFIXES = ("130 131 132 133 134 135 136 137 138 139 150 151 152 153 155 156 157 158 159 "
                  "166 173 176 177 178 180 181 182 183 184 185 186 187 188 189 191 198 199").split()

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
DEMO_IDS = {"330102199007084522", "330105199202140015", "330106198503151238",
            "330382198811223624", "330621198709305715"}


def check_char(first17: str) -> str:
    return CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS)) % 11]


def make_id(rng: random.Random, male: bool, today: dt.date) -> str:
    area = rng.choice(ZJ_CODES) if rng.random() < 0.85 else rng.choice(OTHER_CODES)
    oldest = dt.date(today.year - 60, 1, 1)
    youngest = dt.date(today.year - 24, 12, 31)
    birth = oldest + dt.timedelta(days=rng.randrange((youngest - oldest).days + 1))
    sex_digit = rng.randrange(5) * 2 + (1 if male else 0)   # the 17th character: odd 男, even 女
    body = f"{area}{birth:%Y%m%d}{rng.randrange(100):02d}{sex_digit}"
    return body + check_char(body)


def make_name(rng: random.Random, male: bool) -> str:
    chars = MALE_CHARS if male else FEMALE_CHARS
    given = rng.choice(chars) if rng.random() < 0.35 else rng.choice(chars) + rng.choice(chars)
    return rng.choices(SURNAME_CHARS, SURNAME_WEIGHTS)[0] + given


def companies(rng: random.Random, n: int) -> list:
    seen, out = set(), []
    while len(out) < n:
        c = rng.choice(CITIES) + rng.choice(BRANDS) + rng.choice(TRADES)
        if c not in seen:
            seen.add(c)
            out.append(c)
    return out


CELL = re.compile(r'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t( [^>]*)?>(.*?)</t></is></c>', re.S)


def share_strings(path: str, rows: int) -> None:
    """Rewrites openpyxl's inline strings into a shared-string table, streaming the sheet."""
    table = {}  # (attributes of <t>, escaped text) -> index

    def shared(m):
        i = table.setdefault((m.group(3) or "", m.group(4)), len(table))
        return f'<c r="{m.group(1)}"{m.group(2) or ""} t="s"><v>{i}</v></c>'

    refs = 0
    tmp = path + ".tmp"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            name = item.filename
            if name.startswith("xl/worksheets/sheet"):
                with zin.open(item) as src, zout.open(name, "w") as dst:
                    dec, buf, head = codecs.getincrementaldecoder("utf-8")(), "", True
                    while True:
                        chunk = src.read(1 << 20)
                        buf += dec.decode(chunk, final=not chunk)
                        if head and "<sheetViews>" in buf:
                            buf = buf.replace("<sheetViews>", f'<dimension ref="A1:M{rows + 3}" /><sheetViews>', 1)
                            head = False
                        if chunk:  # convert whole rows only, so no cell is split
                            end = buf.rfind("</row>")
                            if end < 0:
                                continue
                            cut = end + len("</row>")
                        else:
                            cut = len(buf)
                        out, n = CELL.subn(shared, buf[:cut])
                        refs += n
                        dst.write(out.encode())
                        buf = buf[cut:]
                        if not chunk:
                            break
                continue
            data = zin.read(item)
            if name == "[Content_Types].xml":
                data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType='
                                    b'"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml" /></Types>')
            elif name == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", b'<Relationship Type="http://schemas.openxmlformats.org/'
                                    b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml" '
                                    b'Id="rIdSharedStrings" /></Relationships>')
            zout.writestr(item, data)
        with zout.open("xl/sharedStrings.xml", "w") as dst:
            dst.write(b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.'
                      + f'openxmlformats.org/spreadsheetml/2006/main" count="{refs}" uniqueCount="{len(table)}">'.encode())
            for attrs, text in table:
                dst.write(f"<si><t{attrs}>{text}</t></si>".encode())
            dst.write(b"</sst>")
    os.replace(tmp, path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("rows", type=int)
    ap.add_argument("out")
    ap.add_argument("--class-name", default="2026年建筑设计新规范与工程实践培训班")
    ap.add_argument("--organiser", default="浙江省建筑设计研究院")
    ap.add_argument("--hours", type=float, default=16)
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--inline-strings", action="store_true", help="keep openpyxl's inline strings")
    a = ap.parse_args()
    rng = random.Random(a.seed)
    today = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=8)).date()  # China Standard Time
    hours = int(a.hours) if a.hours == int(a.hours) else a.hours

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("学员学时登记信息")
    for i, w in enumerate(WIDTHS):
        ws.column_dimensions[chr(ord("A") + i)].width = w
    ws.freeze_panes = "A4"

    def cell(value, **style):
        c = WriteOnlyCell(ws, value=value)
        for k, v in style.items():
            setattr(c, k, v)
        return c

    center = Alignment(horizontal="center", vertical="center")
    ws.append([cell("培训班学员学时登记信息汇总表", font=Font(size=16, bold=True), alignment=center)])
    ws.append([f"填报人：张敏    联系电话：0571-87060123    填报日期：{today:%Y-%m-%d}"])
    ws.merged_cells.add("A1:M1")
    ws.merged_cells.add("A2:M2")
    bold = Font(bold=True)
    ws.append([cell(h, font=bold, alignment=center) for h in HEADER])

    firms = companies(rng, max(20, min(400, a.rows // 25)))
    firm_weights = [1 / (i + 1) ** 0.8 for i in range(len(firms))]
    no_rows = set(rng.sample(range(a.rows), round(a.rows * 0.1)))
    series_weights = [w for _, w, _ in TITLES]
    seen = set(DEMO_IDS)
    for i in range(a.rows):
        male = rng.random() < 0.62
        while True:
            pid = make_id(rng, male, today)
            if pid not in seen:
                break
        seen.add(pid)
        series, _, levels = rng.choices(TITLES, series_weights)[0]
        level, title, _ = rng.choices(levels, [w for _, _, w in levels])[0]
        phone = rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}"
        ws.append([
            i + 1, a.organiser, a.class_name, make_name(rng, male), "男" if male else "女",
            rng.choices(firms, firm_weights)[0],
            cell(pid, number_format="@"),
            series, level, title, hours,
            cell(phone, number_format="@"),
            "否" if i in no_rows else "是",
        ])
    wb.save(a.out)
    if not a.inline_strings:
        share_strings(a.out, a.rows)
    print(f"{a.rows} rows written to {a.out} ({os.path.getsize(a.out) / 1e6:.1f} MB, "
          f"{len(no_rows)} 否)", file=sys.stderr)


if __name__ == "__main__":
    main()
