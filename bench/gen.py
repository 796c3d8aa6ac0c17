#!/usr/bin/env python3
"""Generate a synthetic planfolio site for benchmarking.

    python3 bench/gen.py OUT_DIR N [--seed S] [--style mixed|block]

Writes OUT_DIR/planfolio.yaml, OUT_DIR/content/_index.md,
OUT_DIR/content/team/*.md, OUT_DIR/content/competitors/*.md and
OUT_DIR/content/accounts/acct-00001.md ... acct-NNNNN.md.

Two corpus styles hold the same plans. `mixed` (the default) writes plans
of about 8 KB (7.75-8.25 kB) in every YAML style people write by hand: flow
mappings and sequences (`alignment: {us: 5, rival: 7}`), plain, single- and
double-quoted scalars with escapes, literal and folded block scalars (`|`,
`|-`, `>`, `>-`), full-line and trailing comments, a few multi-line flow
sequences and, rarely, an anchor and alias. `block` writes plans of about
7 KB (6.75-7.25 kB) in plain block style only, byte for byte the corpus of
earlier benchmark rounds.

Every plan uses every section of the plan
format (SPEC section 2) and is valid: no unknown keys, valid enum values,
every reference resolves, ids unique per list, revenue goals ordered.
The portfolio spans the four segments (key / target / managed / maintained)
with the default segmentation (median potential, relationship >= 5).
A few plans carry realistic warnings (ambition gap, stale review, overdue
action, declared segment without reason); none has errors.

Output is fully determined by N and --seed (standard library only).
Each plan uses its own random stream seeded from (seed, plan number), so
acct-00042 is the same plan whatever N is (apart from its owner, which
depends on the team size).
"""

import argparse
import datetime as dt
import functools
import json
import os
import random
import re
import sys
import zlib

TODAY = dt.date(2026, 11, 23)  # the --today the benchmark uses
SITE_CURRENCY = "GBP"
PRODUCTS = ["Predict", "Monitor", "Connect", "Insight", "Secure", "Field Ops"]
SIZE_MIN, SIZE_MAX = 6750, 7250  # bytes per plan file, block style
MIXED_SIZE_MIN, MIXED_SIZE_MAX = 7750, 8250  # bytes per plan file, mixed style

# --------------------------------------------------------------------------
# YAML emission (block style, only what planfolio needs)


class Block(str):
    """A multi-line Markdown value written as a YAML `|` block."""


class Flow(list):
    """A list of ids written as a YAML flow sequence `[a, b]`."""


_PLAIN_OK = re.compile(r"^[A-Za-z][A-Za-z0-9 .,;:'()/&+%?!*_`=<>$\u00a0-\uffff-]*$")
_RESERVED = {"y", "n", "yes", "no", "on", "off", "true", "false", "null"}


@functools.lru_cache(maxsize=1 << 16, typed=True)
def scalar(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return repr(v)
    if isinstance(v, dt.date):
        return v.isoformat()  # unquoted on purpose
    s = str(v)
    if (_PLAIN_OK.match(s) and not s.endswith((" ", ":")) and "  " not in s
            and ": " not in s and s.lower() not in _RESERVED):
        return s
    return json.dumps(s, ensure_ascii=False)  # a valid YAML double-quoted scalar


def emit_map(d, ind, out, first_prefix=None):
    pad = " " * ind
    first = True
    for k, v in d.items():
        if v is None:
            continue
        prefix = first_prefix if (first and first_prefix is not None) else pad
        first = False
        key = scalar(k)
        if isinstance(v, Block):
            out.append(f"{prefix}{key}: |")
            for line in v.rstrip("\n").split("\n"):
                out.append((" " * (ind + 2) + line) if line else "")
        elif isinstance(v, dict):
            out.append(f"{prefix}{key}:")
            emit_map(v, ind + 2, out)
        elif isinstance(v, Flow):
            out.append(f"{prefix}{key}: [{', '.join(scalar(x) for x in v)}]")
        elif isinstance(v, list):
            out.append(f"{prefix}{key}:")
            for item in v:
                if isinstance(item, dict):
                    emit_map(item, ind + 4, out, first_prefix=" " * (ind + 2) + "- ")
                else:
                    out.append(" " * (ind + 2) + "- " + scalar(item))
        else:
            out.append(f"{prefix}{key}: {scalar(v)}")


def front_matter(d):
    out = ["---"]
    emit_map(d, 0, out)
    out.append("---")
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------
# YAML emission, mixed style: the way people write YAML by hand. Flow
# mappings and sequences, plain, single- and double-quoted scalars (with
# escapes), literal and folded block scalars, full-line and trailing
# comments, now and then a multi-line flow sequence or an anchor and alias.
#
# Every choice is a hash of (plan number, value path, salt), not a draw from
# the plan's random stream: the plan's content is the same in both styles,
# and a section measures the same whether emitted alone (to trim it to the
# size budget) or within the whole plan.


class Anchored:
    """A scalar written with an anchor, `&name value`."""

    def __init__(self, name, value):
        self.name, self.value = name, value


class Alias:
    """An alias to an anchored scalar, `*name`."""

    def __init__(self, name):
        self.name = name


_FLOW_UNSAFE = re.compile(r"[,\[\]{}#:]")
_TRAILING_NOTES = ["checked at the last review", "per the account team", "confirm next quarter",
                   "source: CRM", "TODO: verify", "agreed with the sponsor"]
_SECTION_NOTES = ["reviewed at the QBR", "keep this short", "updated after the last call",
                  "see the shared drive for details", "owner: account team"]


class Mixed:
    def __init__(self, num):
        self.num = num

    def pick(self, path, salt=""):
        """A number in 0..99 fixed by the plan, the value's path and `salt`."""
        return zlib.crc32(f"{self.num}/{path}/{salt}".encode("utf-8")) % 100

    # ---- scalars

    def double(self, s, path):
        # JSON strings are valid YAML double-quoted scalars; ASCII-only JSON
        # writes accents as \u escapes, which YAML decodes the same way.
        return json.dumps(s, ensure_ascii=self.pick(path, "ascii") < 50)

    @staticmethod
    def single(s):
        return "'" + s.replace("'", "''") + "'"

    def scalar(self, v, path, flow=False):
        """`v` as a one-line scalar; inside a flow collection when `flow`."""
        if isinstance(v, Anchored):
            return f"&{v.name} {self.scalar(v.value, path, flow)}"
        if isinstance(v, Alias):
            return f"*{v.name}"
        if isinstance(v, (bool, int, float)):
            return scalar(v)
        if isinstance(v, dt.date):
            p = self.pick(path, "date")
            return v.isoformat() if p < 85 else (f"'{v}'" if p < 93 else f'"{v}"')
        s = str(v)
        plain = scalar(s)
        can_be_plain = plain == s and not (flow and _FLOW_UNSAFE.search(s))
        p = self.pick(path, "q")
        if can_be_plain and p < 55:
            return s
        if p < 78 or "'" in s and p < 85:
            return self.double(s, path)
        return self.single(s)

    def comment(self, path):
        """A trailing comment for some values, or nothing."""
        p = self.pick(path, "comment")
        return f"  # {_TRAILING_NOTES[p % len(_TRAILING_NOTES)]}" if p < 7 else ""

    def folded(self, s, ind):
        """A one-paragraph string as `>-` lines of about 50 characters."""
        lines, cur = [], ""
        for w in s.split(" "):
            if cur and len(cur) + 1 + len(w) > 50:
                lines.append(cur)
                cur = w
            else:
                cur = f"{cur} {w}" if cur else w
        lines.append(cur)
        return [" " * ind + line for line in lines]

    def block(self, text, path, ind):
        """Markdown text as a `|` block, or `>` when it folds back exactly."""
        body = text.rstrip("\n").split("\n")
        foldable = all(line == "" or (line == line.strip() and "  " not in line
                                      and not line.startswith(("-", "#", "*", "|", ">")))
                       for line in body)
        p = self.pick(path, "block")
        if foldable and p < 45:
            # In a folded scalar one line break is a space and each blank line
            # a break, so a break in the text needs one blank line more.
            out, blanks = [], 0
            for line in body:
                if line == "":
                    blanks += 1
                    continue
                if out:
                    out.extend([""] * (blanks + 1))
                blanks = 0
                out.extend(self.folded(line, ind) if len(line) > 60 else [" " * ind + line])
            return ">", out
        header = "|-" if p >= 85 else "|"
        return header, [(" " * ind + line) if line else "" for line in body]

    # ---- collections

    @staticmethod
    def is_flat(d):
        return all(not isinstance(v, (dict, list, Block)) for v in d.values())

    def flow_map(self, d, path):
        items = [f"{scalar(k)}: {self.scalar(v, f'{path}.{k}', flow=True)}"
                 for k, v in d.items() if v is not None]
        inner = ", ".join(items)
        return "{ " + inner + " }" if self.pick(path, "pad") < 15 else "{" + inner + "}"

    def flow_seq(self, xs, path):
        inner = ", ".join(self.scalar(x, f"{path}.{i}", flow=True) for i, x in enumerate(xs))
        return "[ " + inner + " ]" if self.pick(path, "pad") < 15 else "[" + inner + "]"

    def emit_map(self, d, ind, out, path="", first_prefix=None):
        pad = " " * ind
        first = True
        for k, v in d.items():
            if v is None:
                continue
            prefix = first_prefix if (first and first_prefix is not None) else pad
            first = False
            key = scalar(k)
            here = f"{path}.{k}" if path else str(k)
            if isinstance(v, (dict, list)) and self.pick(here, "section") < 6 and prefix == pad:
                note = _SECTION_NOTES[self.pick(here, "note") % len(_SECTION_NOTES)]
                out.append(f"{pad}# {note}")
            if isinstance(v, Block):
                header, lines = self.block(v, here, ind + 2)
                out.append(f"{prefix}{key}: {header}")
                out.extend(lines)
            elif isinstance(v, dict):
                flow = self.flow_map(v, here) if self.is_flat(v) else None
                if flow is not None and len(prefix) + len(key) + len(flow) <= 110 and self.pick(here, "flow") < 65:
                    out.append(f"{prefix}{key}: {flow}{self.comment(here)}")
                else:
                    out.append(f"{prefix}{key}:{self.comment(here)}")
                    self.emit_map(v, ind + 2, out, here)
            elif isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                out.append(f"{prefix}{key}:")
                # Lists of mappings: indented or at the key's own column.
                item_ind = ind if self.pick(here, "indentless") < 30 else ind + 2
                for i, item in enumerate(v):
                    flow = self.flow_map(item, f"{here}.{i}") if self.is_flat(item) else None
                    if flow is not None and item_ind + 2 + len(flow) <= 110 and self.pick(here, "flowitems") < 60:
                        out.append(f"{' ' * item_ind}- {flow}")
                    else:
                        self.emit_map(item, item_ind + 2, out, f"{here}.{i}", first_prefix=" " * item_ind + "- ")
            elif isinstance(v, list):
                p = self.pick(here, "list")
                flow = self.flow_seq(v, here)
                if isinstance(v, Flow) and p < 90 or not isinstance(v, Flow) and p < 40 and len(prefix) + len(key) + len(flow) <= 110:
                    out.append(f"{prefix}{key}: {flow}{self.comment(here)}")
                elif not isinstance(v, Flow) and p < 50:
                    # a long flow sequence broken over lines, as people do
                    out.append(f"{prefix}{key}: [")
                    for i, x in enumerate(v):
                        out.append(f"{pad}    {self.scalar(x, f'{here}.{i}', flow=True)},")
                    out.append(f"{pad}  ]")
                else:
                    out.append(f"{prefix}{key}:")
                    for i, x in enumerate(v):
                        out.append(f"{pad}  - {self.scalar(x, f'{here}.{i}')}{self.comment(f'{here}.{i}')}")
            elif isinstance(v, str) and not isinstance(v, Anchored) and len(v) > 70 and "  " not in v \
                    and v == v.strip() and self.pick(here, "fold") < 35:
                out.append(f"{prefix}{key}: >-")
                out.extend(self.folded(v, ind + 2))
            else:
                out.append(f"{prefix}{key}: {self.scalar(v, here)}{self.comment(here)}")

    def front_matter(self, d):
        out = ["---"]
        if self.pick("", "header") < 60:
            out.append("# Account plan: generated by bench/gen.py (mixed YAML style)")
        self.emit_map(d, 0, out)
        out.append("---")
        return "\n".join(out) + "\n"


def slug(s):
    return re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")


# --------------------------------------------------------------------------
# Word pools

FIRST = ["Alex", "Priya", "Sam", "Jordan", "Morgan", "Fatima", "James", "Pete",
         "Chloe", "Tomasz", "Aisha", "Ben", "Ingrid", "Ravi", "Grace", "Oliver",
         "Mei", "Lucas", "Hannah", "Kwame", "Sofia", "Daniel", "Niamh", "Arjun",
         "Elena", "Marcus", "Yusuf", "Freya", "Liam", "Zoë", "Dmitri", "Isla",
         "Carlos", "Amara", "Henrik", "Leah", "Owen", "Nadia", "Rory", "Hiroshi",
         "Siobhán", "Kofi", "Anya", "Felix", "Bronwen", "Mateo", "Ruth", "Tariq"]
LAST = ["King", "Shah", "Osei", "Morrison", "Leslie", "Patel", "Nowak", "Hughes",
        "Campbell", "Okafor", "Lindqvist", "Reid", "Fraser", "Chen", "Silva",
        "Murphy", "Kowalski", "Haddad", "Bennett", "Sørensen", "Mensah", "Clarke",
        "Tanaka", "Ferreira", "O'Neill", "Grant", "Kaur", "Walsh", "Dubois",
        "Novak", "Ahmed", "Stewart", "Jensen", "Moreau", "Ellis", "Baptiste",
        "MacLeod", "Ivanova", "Rossi", "Adeyemi", "Berg", "Kaplan", "Douglas"]

TEAM_TITLES = ["Head of Key Accounts", "Regional Sales Director", "Key Account Manager",
               "Senior Account Manager", "Account Manager", "Customer Success Manager",
               "Solutions Consultant", "Account Executive"]

CITIES = ["Aberdeen, UK", "Manchester, UK", "Leeds, UK", "Bristol, UK", "Glasgow, UK",
          "Birmingham, UK", "Cardiff, UK", "Belfast, UK", "Rotterdam, NL", "Hamburg, DE",
          "Stavanger, NO", "Dublin, IE", "Lyon, FR", "Gothenburg, SE", "Antwerp, BE"]

NAME_A = ["Deepwell", "Northgate", "Brightwater", "Ironbridge", "Silverline", "Kestrel",
          "Harbour", "Redcliff", "Greenfield", "Blackrock", "Westmoor", "Highland",
          "Clearview", "Stonehaven", "Riverside", "Summit", "Meridian", "Oakridge",
          "Lowland", "Eastbank", "Pinecrest", "Fairhaven", "Granite", "Beacon",
          "Thistle", "Tidewater", "Ashford", "Cobalt", "Falcon", "Norland"]

INDUSTRIES = [
    dict(name="Oilfield services", sfx=["Solutions", "Drilling", "Offshore", "Energy Services"],
         asset="rigs", one="rig", pain="non-productive time", output="wells delivered",
         kpis=[("Non-productive time", "< 4%", "6.1%"), ("Rig utilisation", "85%", "78%"),
               ("Lost-time incidents", "0", "2"), ("Cost per well", "-10%", "-3%")],
         market="North Sea operators"),
    dict(name="Food manufacturing", sfx=["Foods", "Bakeries", "Dairies", "Brands"],
         asset="production lines", one="production line", pain="unplanned line stoppages", output="cases shipped",
         kpis=[("OEE", "80%", "71%"), ("Waste", "< 2%", "3.4%"),
               ("On-time in full", "98%", "94%"), ("Energy per tonne", "-8%", "-2%")],
         market="UK grocery retailers"),
    dict(name="Logistics", sfx=["Logistics", "Freight", "Distribution", "Haulage"],
         asset="vehicles", one="vehicle", pain="late deliveries", output="parcels delivered",
         kpis=[("On-time delivery", "97%", "92%"), ("Fleet availability", "95%", "90%"),
               ("Cost per drop", "£2.10", "£2.45"), ("Empty miles", "< 12%", "17%")],
         market="e-commerce and retail"),
    dict(name="Water utilities", sfx=["Water", "Utilities", "Water Services"],
         asset="pumping stations", one="pumping station", pain="leakage", output="customers served",
         kpis=[("Leakage", "-15%", "-6%"), ("Supply interruptions", "< 5 min", "9 min"),
               ("Pollution incidents", "0", "3"), ("Customer satisfaction", "4.5", "4.1")],
         market="regulated households and businesses"),
    dict(name="Pharmaceuticals", sfx=["Pharma", "Life Sciences", "Laboratories"],
         asset="cleanrooms", one="cleanroom", pain="batch deviations", output="batches released",
         kpis=[("Right first time", "99%", "96%"), ("Batch cycle time", "12 days", "16 days"),
               ("Deviations per month", "< 5", "11"), ("Audit findings", "0 major", "1 major")],
         market="European hospital supply"),
    dict(name="Construction", sfx=["Construction", "Building", "Civils", "Contractors"],
         asset="sites", one="site", pain="programme overruns", output="projects handed over",
         kpis=[("Projects on programme", "90%", "74%"), ("Margin", "6%", "3.8%"),
               ("Accident frequency", "< 0.1", "0.16"), ("Defects at handover", "< 20", "41")],
         market="public infrastructure"),
    dict(name="Retail", sfx=["Retail", "Stores", "Group", "Home"],
         asset="stores", one="store", pain="stock-outs", output="transactions",
         kpis=[("Availability", "98%", "95%"), ("Shrinkage", "< 1.5%", "2.2%"),
               ("Like-for-like sales", "+4%", "+1.2%"), ("Net promoter score", "45", "31")],
         market="UK high streets and online"),
    dict(name="Aerospace", sfx=["Aerospace", "Aviation", "Aero Systems"],
         asset="aircraft", one="aircraft", pain="aircraft on ground", output="flight hours",
         kpis=[("Dispatch reliability", "99.5%", "98.7%"), ("Turnaround time", "45 min", "52 min"),
               ("Spares inventory", "-12%", "-4%"), ("Unscheduled removals", "-20%", "-5%")],
         market="regional airlines"),
    dict(name="Financial services", sfx=["Bank", "Capital", "Insurance", "Financial"],
         asset="branches", one="branch", pain="system outages", output="accounts opened",
         kpis=[("Cost-income ratio", "55%", "61%"), ("Digital adoption", "80%", "68%"),
               ("Complaints per 1000", "< 1.0", "1.7"), ("Uptime", "99.95%", "99.8%")],
         market="small businesses"),
    dict(name="Healthcare", sfx=["Health", "Care", "Medical Group"],
         asset="clinics", one="clinic", pain="equipment downtime", output="patients treated",
         kpis=[("Waiting time", "< 18 weeks", "23 weeks"), ("Equipment uptime", "98%", "93%"),
               ("Staff turnover", "< 10%", "14%"), ("Patient satisfaction", "90%", "84%")],
         market="private and NHS-funded care"),
]

BU_POOL = [("ops", "Operations"), ("td", "Technical Department"), ("fin", "Finance"),
           ("it", "IT and Digital"), ("proc", "Procurement"), ("hse", "Health, Safety and Environment"),
           ("rnd", "Research and Development"), ("supply", "Supply Chain"),
           ("maint", "Maintenance"), ("cx", "Customer Experience"), ("hr", "People")]

ROLE_TITLES = {
    "decision-maker": ["Director", "Vice President", "Head"],
    "budget-holder": ["Finance Director", "Budget Owner", "Head of Commercial"],
    "influencer": ["Principal Engineer", "Programme Manager", "Senior Adviser"],
    "user": ["Supervisor", "Team Lead", "Engineer"],
    "detractor": ["Manager", "Senior Manager", "Lead Architect"],
    "neutral": ["Analyst", "Coordinator", "Manager"],
    "gatekeeper": ["Category Manager", "Executive Assistant", "Procurement Lead"],
    "supporter": ["Operations Manager", "Improvement Lead", "Manager"],
}

COMPETITORS = [
    ("rigwise", "RigWise Analytics", "https://rigwise.example"),
    ("uptimo", "Uptimo", "https://uptimo.example"),
    ("northstar-it", "Northstar IT Services", "https://northstar-it.example"),
    ("kinetica", "Kinetica Systems", "https://kinetica.example"),
    ("bluepeak", "BluePeak Consulting", "https://bluepeak.example"),
    ("sensorly", "Sensorly", "https://sensorly.example"),
    ("vantage-ops", "Vantage Ops", "https://vantage-ops.example"),
    ("corelink", "CoreLink Networks", "https://corelink.example"),
    ("atlas-digital", "Atlas Digital", "https://atlas-digital.example"),
    ("fieldmate", "FieldMate", "https://fieldmate.example"),
]
# competitors that have no profile file: plans must give their name
ADHOC_COMPETITORS = [("in-house-it", "In-house IT team"), ("legacy-scada", "Legacy SCADA vendor"),
                     ("big4-advisory", "Big Four advisory"), ("local-integrator", "Local integrator")]

COMP_STRENGTHS = ["Low headline price", "Incumbent with deep integration", "Strong brand with the board",
                  "Large local field team", "Broad product catalogue", "Flexible contract terms",
                  "Existing framework agreement", "Close relationship with procurement"]
COMP_WEAKNESSES = ["Slow to respond to incidents", "Weak analytics", "High staff turnover on the account",
                   "Poor reference sites in this sector", "Rigid licensing", "Limited UK support hours",
                   "Integration projects often overrun", "No roadmap for edge devices"]
COMP_DIFF = ["Outcome-based pricing tied to {pain}", "Proven results at two peer sites",
             "Named engineer on call around the clock", "Open APIs into their existing stack",
             "Payback inside {months} months", "Faster deployment: weeks, not quarters"]

DRIVERS = {
    "external": {
        "legislation": ["New reporting rules on {pain} from {year}", "Tighter environmental permits for {asset}"],
        "market-conditions": ["Margins squeezed by {market}", "Demand from {market} is volatile"],
        "public-opinion": ["Public scrutiny after a widely reported {pain} incident", "Customers expect visible sustainability progress"],
        "competition": ["A rival cut prices by {pct}% last year", "New entrants are winning {market}"],
        "technology": ["Sensors and cloud analytics are now cheap enough to deploy on every asset", "Ageing control systems reach end of support"],
        "economy": ["High interest rates delay capital projects", "Energy costs remain {pct}% above pre-2022 levels"],
    },
    "internal": {
        "finance-company": ["Group target to improve EBITDA by {pct}%", "Cash preservation: capex frozen above £{capex}k"],
        "finance-department": ["Finance wants opex, not capex", "Budget cycle closes in {month}"],
        "customer-desires": ["Their customers demand real-time status updates", "Key clients ask for guaranteed service levels"],
        "strategy": ["Five-year plan to digitise {asset}", "Board strategy: fewer, deeper suppliers"],
        "staff": ["Hard to hire experienced engineers", "Ageing workforce retiring over the next {years} years"],
        "suppliers": ["Consolidating suppliers from {n} to {m}", "Main supplier contract ends in {month}"],
    },
}

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]

# --------------------------------------------------------------------------
# Scoring (mirrors SPEC 5.1 / 5.2) so the generator can aim at a segment

LEVEL = {"strong": 10.0, "good": 7.5, "neutral": 5.0, "weak": 2.5, "poor": 0.0}
INFL_W = {"high": 3.0, "medium": 2.0, "low": 1.0}
PARTNER = {"commodity-vendor": 0.0, "service-provider": 5.0, "strategic-partner": 10.0}
STAGE_W = {"prospect": 0.1, "pipeline": 0.4, "forecast": 0.75, "secured": 1.0, "lost": 0.0}
STAGES = ["need-recognition", "information-search", "evaluation", "purchase-decision",
          "purchase-evaluation"]


def relationship_score(contacts, partnership):
    num = den = 0.0
    for c in contacts:
        if "relationship" not in c:
            continue
        w = INFL_W.get(c.get("influence"), 2.0)
        if c.get("role") in ("decision-maker", "budget-holder"):
            w *= 2
        num += w * LEVEL[c["relationship"]]
        den += w
    cs = num / den if den else 0.0
    if partnership is None:
        return cs
    return 0.7 * cs + 0.3 * PARTNER[partnership]


# --------------------------------------------------------------------------
# Site-level files


def make_team(n_members, rng):
    names, seen = [], set()
    while len(names) < n_members:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        sid = slug(name)
        if sid in seen:
            continue
        seen.add(sid)
        names.append(name)
    team = []
    for i, name in enumerate(names):
        if i == 0:
            title, manager = TEAM_TITLES[0], None
        elif i <= max(1, n_members // 12):
            title, manager = TEAM_TITLES[1], team[0]["id"]
        else:
            # managers are always earlier members: the chain has no cycles
            heads = [m["id"] for m in team[: max(2, 1 + n_members // 12)]]
            title, manager = rng.choice(TEAM_TITLES[2:]), rng.choice(heads)
        first = name.split()[0]
        email_local = slug(first) + "." + slug(name.split(" ", 1)[1]).replace("-", "")
        team.append(dict(id=slug(name), name=name, title=title, manager=manager,
                         email=f"{email_local}@planfolio.example"))
    return team


def write(path, text):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def write_site_files(out, n, team):
    cfg = (
        "# Synthetic benchmark portfolio generated by bench/gen.py\n"
        "title: Key Accounts (benchmark)\n"
        f"currency: {SITE_CURRENCY}\n"
        f"products: [{', '.join(PRODUCTS)}]\n"
        "review:\n"
        "  max_age_days: 90\n"
        "  max_key_accounts_per_owner: 20\n"
    )
    write(os.path.join(out, "planfolio.yaml"), cfg)
    write(os.path.join(out, "content", "_index.md"),
          front_matter({"title": "Key account portfolio"}) +
          f"\nThis synthetic portfolio holds **{n} account plans** owned by "
          f"{len(team)} people across ten industries.\n\n"
          "Plans are reviewed every quarter. Use the segmentation matrix to find the\n"
          "accounts that need attention, and the attention list for stale plans.\n")
    for m in team:
        fm = {"name": m["name"], "title": m["title"], "manager": m["manager"], "email": m["email"]}
        bio = (f"\n{m['name'].split()[0]} works as {m['title'].lower()} in the key accounts team"
               + (f" and reports to [{m['manager']}](../{m['manager']}/).\n" if m["manager"] else ".\n"))
        write(os.path.join(out, "content", "team", m["id"] + ".md"), front_matter(fm) + bio)
    for cid, name, web in COMPETITORS:
        body = (f"\n## {name}\n\n{name} competes with us for monitoring and analytics work.\n"
                "They win on price in framework tenders and lose when customers\n"
                "ask for measurable outcomes.\n\n"
                "- Typical deal size: £100k-£400k\n- Sales motion: through procurement\n")
        write(os.path.join(out, "content", "competitors", cid + ".md"),
              front_matter({"name": name, "website": web}) + body)


# --------------------------------------------------------------------------
# One plan


def d_add(base, days):
    return base + dt.timedelta(days=days)


def fill(t, ctx):
    return t.format(**ctx)


def make_plan(num, seed, team, segment, quirk, style="block"):
    """Return the text of plan acct-<num>. segment: the intended segment;
    quirk: None or the name of a realistic warning to include; style:
    "block" (the fast-path subset) or "mixed" (every YAML style)."""
    rng = random.Random(f"planfolio-bench-{seed}-{num}")
    ind = INDUSTRIES[num % len(INDUSTRIES)] if rng.random() < 0.5 else rng.choice(INDUSTRIES)
    cname = f"{rng.choice(NAME_A)} {rng.choice(ind['sfx'])}"
    high_pot = segment in ("key", "target")
    high_rel = segment in ("key", "managed")
    ctx = dict(pain=ind["pain"], asset=ind["asset"], market=ind["market"], output=ind["output"],
               name=cname, year=rng.choice([2027, 2028]), pct=rng.choice([5, 8, 10, 12, 15, 20]),
               capex=rng.choice([50, 100, 250]), month=rng.choice(MONTHS), years=rng.choice([5, 8, 10]),
               n=rng.choice([40, 60, 120]), m=rng.choice([8, 12, 20]), months=rng.choice([9, 12, 18]))

    owner = team[num % len(team)] if len(team) > 1 else team[0]
    others = [m["id"] for m in team if m["id"] != owner["id"]]
    helpers = rng.sample(others, k=min(len(others), rng.randint(1, 2)))
    people = [owner["id"]] + helpers
    names_by_id = {m["id"]: m["name"] for m in team}

    # business units
    bus = rng.sample(BU_POOL, k=rng.randint(2, 3))
    bu_ids = [b[0] for b in bus]

    # ---- contacts
    n_contacts = rng.choices([6, 7, 8, 9, 10], weights=[45, 30, 15, 7, 3])[0]
    lean = n_contacts >= 8  # a big contact map leaves room for fewer other items
    used, names = set(), []
    while len(names) < n_contacts:
        nm = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if slug(nm) not in used:
            used.add(slug(nm))
            names.append(nm)
    roles = ["decision-maker", "budget-holder", "influencer", "user", "supporter",
             "gatekeeper", "neutral", "influencer", "user", "supporter"]
    roles = roles[:2] + rng.sample(roles[2:], k=n_contacts - 2)
    if rng.random() < 0.35:
        roles[rng.randint(2, n_contacts - 1)] = "detractor"
    if "detractor" in roles and "supporter" not in roles:
        roles[[i for i, r in enumerate(roles) if r != "detractor" and i >= 2][0]] = "supporter"
    competitors_n = 1 if lean else rng.choices([1, 2, 3], weights=[45, 45, 10])[0]
    comp_pool = COMPETITORS + [(a, b, None) for a, b in ADHOC_COMPETITORS]
    comps = rng.sample(comp_pool, k=competitors_n)
    comp_ids = [c[0] for c in comps]
    explicit_contact_ids = rng.random() < 0.5

    partnership = None
    contacts = None
    good_threads = [i for i in range(2, n_contacts) if roles[i] != "detractor"][:2]
    for _attempt in range(200):
        if high_rel:
            partnership = rng.choice(["service-provider", "strategic-partner", "strategic-partner"])
            rel_levels = ["strong", "good", "good", "neutral", "strong", "weak"]
        else:
            partnership = rng.choice(["commodity-vendor", "commodity-vendor", "service-provider"])
            rel_levels = ["neutral", "weak", "poor", "neutral", "weak", "good"]
        cs = []
        for i, nm in enumerate(names):
            role = roles[i]
            infl = "high" if role in ("decision-maker", "budget-holder") else rng.choice(["high", "medium", "medium", "low"])
            rel = rng.choice(rel_levels)
            if not high_rel and i in good_threads:
                rel, infl = "good", "low"  # two good threads keep it from being single-threaded
            if high_rel and i == 0:
                rel = rng.choice(["strong", "good"])
            if role == "detractor":
                rel = rng.choice(["neutral", "weak", "poor"])
            cs.append(dict(role=role, influence=infl, relationship=rel))
        score = relationship_score(cs, partnership)
        strong = sum(1 for c in cs if c["relationship"] in ("strong", "good"))
        if strong >= 2 and ((high_rel and score >= 5.6) or (not high_rel and score <= 4.4)):
            contacts = cs
            break
    if contacts is None:
        raise RuntimeError(f"plan {num}: could not hit the relationship target")

    stage_sets = []
    for i, c in enumerate(contacts):
        k = rng.choice([1, 1, 2, 2, 3])
        stage_sets.append(sorted(rng.sample(range(len(STAGES)), k=k)))
    # no buying stage where detractors outnumber supporters
    sup = [i for i, c in enumerate(contacts) if c["role"] == "supporter"]
    for st in range(len(STAGES)):
        d = sum(1 for i, c in enumerate(contacts) if c["role"] == "detractor" and st in stage_sets[i])
        s = sum(1 for i in sup if st in stage_sets[i])
        if d > s and sup:
            stage_sets[sup[0]] = sorted(set(stage_sets[sup[0]]) | {st})

    contact_items = []
    for i, (nm, c) in enumerate(zip(names, contacts)):
        bu = rng.choice(bus)
        rtitle = rng.choice(ROLE_TITLES[c["role"]])
        if c["role"] == "decision-maker" and i == 0:
            title = rng.choice(["Chief Operating Officer", "Managing Director", "Chief Executive"])
        else:
            title = f"{rtitle}, {bu[1]}"
        us = {"strong": 9, "good": 7, "neutral": 5, "weak": 3, "poor": 2}[c["relationship"]]
        us = max(0, min(10, us + rng.randint(-1, 1)))
        if c["role"] == "detractor":
            us = min(us, 3)
        align = {"us": us}
        for cid in comp_ids:
            if rng.random() < 0.35:
                align[cid] = rng.randint(1, 9) if c["role"] != "detractor" else rng.randint(6, 10)
        first = nm.split()[0]
        item = {}
        if explicit_contact_ids:
            item["id"] = slug(nm)
        item["name"] = nm
        item["title"] = title
        item["business_unit"] = bu[0] if i > 0 else None
        item["reports_to"] = slug(names[rng.randint(0, i - 1)]) if i > 0 else None
        item["role"] = c["role"]
        item["buying_role"] = None if c["role"] in ("neutral", "gatekeeper") else {"decision-maker": "economic-buyer", "budget-holder": "economic-buyer",
                               "user": "user-buyer", "supporter": "user-buyer"}.get(c["role"], "technical-buyer")
        item["influence"] = c["influence"]
        item["relationship"] = c["relationship"]
        item["stages"] = Flow(STAGES[s] for s in stage_sets[i])
        item["alignment"] = align
        if i < 2:
            drv = rng.choice([
                f"Measured on {ind['pain']}; wants a quick win before the {ctx['month']} review.",
                f"New in role; keen to be seen modernising the {ind['asset']}.",
                f"Protective of the current suppliers; values **reliability** over features.",
                f"Career engineer; trusts data and peer references, dislikes sales talk.",
                f"Under pressure from the board to cut costs by {ctx['pct']}% this year.",
            ])
            item["personal_drivers"] = Block(drv + "\n")
        item["action"] = None if i >= 4 else rng.choice([
            f"Monthly breakfast with {first} and our delivery lead",
            f"Invite {first} to the customer advisory board",
            f"Share the peer case study on {ind['pain']} with {first}",
            f"Arrange a site visit for {first} at a reference customer",
            f"Keep {first} informed; no direct selling",
            f"Quarterly value review with {first}",
        ])
        contact_items.append(item)
    contact_ids = [slug(n) for n in names]

    # ---- goals and objectives
    goal_templates = [
        ("pilot", "Land a pilot of {p}", "Signed pilot statement of work"),
        ("expand", "Expand {p} across all {asset}", "Share of {asset} live on {p}"),
        ("renew", "Renew the framework agreement for three years", "Signed renewal"),
        ("sponsor", "Secure an executive sponsor", "Named sponsor and quarterly review in the diary"),
        ("qbr", "Run quarterly business reviews", "Four reviews held with minutes"),
        ("case-study", "Publish a joint case study", "Case study approved by their comms team"),
        ("xsell", "Cross-sell {p2} into {bu}", "First order for {p2}"),
    ]
    n_goals = 2 if lean else rng.choices([2, 3, 4], weights=[35, 50, 15])[0]
    g_pick = rng.sample(goal_templates, k=n_goals)
    prods = rng.sample(PRODUCTS, k=3)
    goals = []
    for j, (gid, title, measure) in enumerate(g_pick):
        bu_name = rng.choice(bus)[1]
        f = dict(p=prods[0], p2=prods[1], asset=ind["asset"], bu=bu_name)
        g = {}
        explicit = rng.random() < 0.7
        gtitle = title.format(**f)
        g["id"] = gid if explicit else None
        g["title"] = gtitle
        g["measure"] = measure.format(**f)
        g["target"] = rng.choice([f"By the end of Q{rng.randint(1, 4)} {ctx['year']}", f"£{rng.randint(1, 9)*50}k of new business",
                                  "Agreed in writing by the sponsor", f"{rng.randint(2, 8)} sites"])
        g["due"] = d_add(TODAY, rng.randint(40, 420))
        g["status"] = rng.choice(["not-started", "on-track", "on-track", "at-risk", "done"])
        goals.append(g)
    goal_ids = [g["id"] or slug(g["title"]) for g in goals]

    obj_templates = [
        ("cut-pain", "Cut {pain} by {pct}%"),
        ("grow-output", "Grow {output} by {pct2}% without adding headcount"),
        ("digitise", "Digitise the maintenance of {asset}"),
        ("consolidate", "Consolidate suppliers and reduce overhead"),
        ("compliance", "Meet the {year} reporting rules with no manual work"),
        ("customer-exp", "Improve service for {market}"),
    ]
    n_obj = 2 if lean else rng.choices([2, 3, 4], weights=[35, 50, 15])[0]
    o_pick = rng.sample(obj_templates, k=n_obj)
    objectives = []
    # every goal served by at least one objective (no orphan goals)
    goal_assign = [[] for _ in range(n_obj)]
    for j, gid in enumerate(goal_ids):
        goal_assign[j % n_obj].append(gid)
    for ga in goal_assign:
        if not ga:
            ga.append(rng.choice(goal_ids))
    for j in range(n_obj):
        if rng.random() < 0.3:
            extra = rng.choice(goal_ids)
            if extra not in goal_assign[j]:
                goal_assign[j].append(extra)
    for j, (oid, title) in enumerate(o_pick):
        ot = title.format(pct2=rng.choice([5, 10, 15]), **ctx)
        o = {"id": oid if rng.random() < 0.3 else None, "title": ot}
        if j < 1:
            o["details"] = Block(
                f"{cname} lost an estimated £{rng.randint(2, 40)/10:.1f}m last year to {ind['pain']}.\n"
                f"The {rng.choice(bus)[1]} team owns the target and reports monthly.\n")
        o["business_unit"] = rng.choice(bu_ids) if rng.random() < 0.5 else None
        o["priority"] = rng.choice(["high", "high", "medium", "low"])
        o["contact"] = rng.choice(contact_ids[:4])
        if rng.random() < 0.4:
            o["swot"] = rng.choice(["opportunity", "opportunity", "threat"])
        o["goals"] = Flow(goal_assign[j])
        objectives.append(o)

    # ---- financials and opportunities
    if high_pot:
        prior = rng.randrange(400_000, 3_000_000, 10_000)
        target = int(prior * rng.uniform(1.1, 1.6)) // 1000 * 1000
        asp = max(int(target * rng.uniform(1.4, 2.5)) // 1000 * 1000, 2_100_000)
        opp_vals = (50_000, 900_000)
    else:
        prior = rng.randrange(40_000, 350_000, 5_000)
        target = int(prior * rng.uniform(1.05, 1.4)) // 1000 * 1000
        asp = min(int(target * rng.uniform(1.3, 2.2)) // 1000 * 1000, 950_000)
        opp_vals = (5_000, 120_000)
    minimum = int(prior * 1.03) // 1000 * 1000
    just_right = max(target, minimum)
    asp = max(asp, just_right)
    currency = SITE_CURRENCY
    if quirk == "mixed-currency":
        currency = "EUR"

    n_opps = 2 if lean else rng.choices([2, 3, 4], weights=[30, 50, 20])[0]
    opp_names = rng.sample(["pilot", "rollout", "renewal", "upgrade", "support extension",
                            "analytics add-on", "training package", "integration project"], k=n_opps)
    opportunities = []
    for j, on in enumerate(opp_names):
        prod = rng.choice(PRODUCTS)
        stage = rng.choice(["prospect", "pipeline", "pipeline", "forecast", "secured", "lost"])
        name = f"{prod} {on}"
        o = {"id": slug(name) if rng.random() < 0.5 else None, "name": name,
             "stage": stage, "value": rng.randrange(opp_vals[0], opp_vals[1], 5_000)}
        o["close"] = d_add(TODAY, rng.randint(20, 400)) if stage not in ("secured", "lost") else d_add(TODAY, -rng.randint(10, 200))
        o["product"] = prod
        o["business_unit"] = rng.choice(bu_ids)
        opportunities.append(o)
    # names must be unique so that slug(name) ids stay unique
    seen = set()
    for o in opportunities:
        oid = o["id"] or slug(o["name"])
        if oid in seen:
            o["id"] = oid + "-" + str(len(seen))
        seen.add(o["id"] or oid)

    whitespace = {}
    for b in bu_ids:
        row = {}
        for p in rng.sample(PRODUCTS, k=rng.randint(2, 4)):
            row[p] = rng.choice(["owned", "owned", "pipeline", "open", "open", "competitor"])
        whitespace[b] = row

    # ---- actions
    act_templates = [
        ("Invite {c} to the spring customer day", "Attendance confirmed"),
        ("Run a value workshop with {bu}", "Workshop held and report shared"),
        ("Draft the pilot statement of work", "SOW agreed with procurement"),
        ("Prepare the renewal proposal", "Proposal submitted before the deadline"),
        ("Set up a steering group with {c}", "Terms of reference signed"),
        ("Benchmark {pain} against peer sites", "Benchmark presented to {c}"),
        ("Introduce our CTO to {c}", "Meeting held"),
        ("Map the {bu} buying process", "Process documented in the plan"),
    ]
    n_act = 2 if lean else rng.choices([2, 3, 4], weights=[40, 45, 15])[0]
    actions = []
    used_ids = set()
    for j, (title, measure) in enumerate(rng.sample(act_templates, k=n_act)):
        f = dict(c=names[rng.randint(0, len(names) - 1)].split()[0], bu=rng.choice(bus)[1],
                 pain=ind["pain"])
        t = title.format(**f)
        a = {"id": None, "title": t}
        aid = slug(t)
        if aid in used_ids or rng.random() < 0.3:
            a["id"] = f"act-{j + 1}"
            aid = a["id"]
        used_ids.add(aid)
        a["owner"] = rng.choice(people)
        a["goals"] = Flow(rng.sample(goal_ids, k=rng.randint(1, min(2, len(goal_ids)))))
        a["resources"] = None if j >= 2 else rng.choice(["Two days of a solutions consultant", "Marketing budget £2k",
                                     "Delivery lead, half a day a week", "CTO time, one meeting"])
        a["measure"] = measure.format(**f)
        status = rng.choice(["planned", "planned", "in-progress", "in-progress", "done", "blocked"])
        a["due"] = d_add(TODAY, -rng.randint(5, 120)) if status == "done" else d_add(TODAY, rng.randint(7, 200))
        a["status"] = status
        if j < 1:
            a["notes"] = Block(f"Hand-over: {names_by_id[rng.choice(people)]} keeps the contact warm.\n"
                               f"- [ ] agree date\n- [ ] book room\n")
        actions.append(a)
    if quirk == "overdue-action":
        actions[0]["status"] = "in-progress"
        actions[0]["due"] = d_add(TODAY, -rng.randint(3, 40))

    # ---- status
    order = ["commodity-vendor", "service-provider", "strategic-partner"]
    pi = order.index(partnership)
    ambition = order[min(2, pi + rng.choice([0, 1, 1]))]
    cust_amb = ambition
    if quirk == "ambition-gap":
        cust_amb = order[max(0, order.index(ambition) - 1)] if ambition != order[0] else order[1]
    last_review = d_add(TODAY, -rng.randint(3, 80))
    if quirk == "stale-review":
        last_review = d_add(TODAY, -rng.randint(95, 300))
    approved = min(TODAY, d_add(last_review, rng.randint(1, 9)))
    health = ("good" if high_rel else rng.choice(["neutral", "poor"])) if rng.random() < 0.8 else "neutral"

    plan = {}
    plan["name"] = cname
    plan["owner"] = owner["id"]
    plan["team"] = Flow(helpers)
    plan["industry"] = ind["name"]
    plan["hq"] = rng.choice(CITIES)
    plan["employees"] = rng.randrange(200, 40_000, 50)
    plan["revenue"] = rng.randrange(20, 4000) * 1_000_000
    plan["website"] = f"https://{slug(cname)}.example"
    plan["top10"] = high_pot and high_rel and rng.random() < 0.3
    if quirk == "segment-override":
        plan["segment"] = {"key": "target", "target": "key", "managed": "key", "maintained": "managed"}[segment]
    elif rng.random() < 0.1:
        plan["segment"] = segment
    elif rng.random() < 0.05:
        plan["segment"] = {"key": "managed", "target": "key", "managed": "key", "maintained": "managed"}[segment]
        plan["segment_reason"] = "Board-level sponsor asked us to treat this account differently for FY27"
    plan["status"] = {
        "partnership": partnership,
        "customer_ambition": cust_amb,
        "our_ambition": ambition,
        "impact": rng.randint(1, 4),
        "health": health,
        "value_proposition": f"Cut {ind['pain']} and prove it in their own numbers within {ctx['months']} months",
        "long_term_ambition": f"Become the {ambition.replace('-', ' ')} for every {ind['one']} they run",
        "what_we_need": rng.sample(["An executive sponsor on our side", "A solutions architect for Q1",
                                    "Flexible pricing approval", "Reference customer in the sector",
                                    "Faster legal review of contract changes"], k=2),
        "last_review": last_review,
        "approved": approved,
    }
    plan["customer"] = {
        "overview": Block(
            f"Serves {ind['market']} with {rng.randint(12, 400)} {ind['asset']}.\n\n"
            f"The market is consolidating, and margins suffer from {ind['pain']}.\n"),
        "vision": f"The most reliable partner for {ind['market']}",
        "kpis": [{"name": k[0], "target": k[1], "current": k[2]} for k in rng.sample(ind["kpis"], k=rng.choice([2, 2, 2, 3]))],
        "business_units": [{"id": b[0], "name": b[1],
                            "notes": rng.choice([f"Owns the {ind['one']} budget", "Main user of our services",
                                                 "Signs off every supplier change", None])}
                           for b in bus],
    }
    drivers = []
    for kind, cat in rng.sample([(k, c) for k in DRIVERS for c in DRIVERS[k]], k=rng.randint(2, 3)):
        drivers.append({"kind": kind, "category": cat, "text": fill(rng.choice(DRIVERS[kind][cat]), ctx)})
    plan["drivers"] = drivers
    def some(first, second):
        return [first, second] if rng.random() < 0.35 else [first]
    plan["faa"] = {
        "fix": some(f"Recurring {ind['pain']} at the biggest sites", "Manual reporting that takes two days a month"),
        "accomplish": some(f"{ctx['pct']}% more {ind['output']} by {ctx['year']}", "One view of asset health for the board"),
        "avoid": some("A failed rollout like the last ERP project", "Locking in to a single vendor"),
    }
    plan["objectives"] = objectives
    plan["goals"] = goals
    plan["contacts"] = contact_items
    comp_items = []
    for cid, cn, web in comps:
        c = {"id": cid}
        if web is None or rng.random() < 0.3:
            c["name"] = cn
        c["strengths"] = rng.sample(COMP_STRENGTHS, k=rng.randint(1, 2))
        c["weaknesses"] = rng.sample(COMP_WEAKNESSES, k=1)
        c["differentiators"] = [fill(t, ctx) for t in rng.sample(COMP_DIFF, k=rng.randint(1, 2))]
        if rng.random() < 0.6:
            c["swot"] = rng.choice(["threat", "threat", "opportunity"])
        comp_items.append(c)
    plan["competitors"] = comp_items
    plan["swot"] = {
        "strengths": some(f"Trusted by the {rng.choice(bus)[1]} team", "Local engineers within two hours"),
        "weaknesses": some("No reference site in their sub-sector", "Higher list price than the incumbent"),
        "opportunities": [f"Budget released for {ind['one']} upgrades in {ctx['year']}"],
        "threats": ["Procurement-led tender could commoditise the deal"],
    }
    plan["proposition"] = {
        "competency": f"{rng.randint(8, 40)} similar customers in {ind['name'].lower()}",
        "offer": f"A measurable cut in {ind['pain']}, reported monthly",
        "price": f"Per-site subscription; payback in {ctx['months']} months",
        "differentiators": ["Outcome-based service levels", "Open data: no lock-in"],
    }
    plan["expectations"] = {
        "results": f"A visible cut in {ind['pain']} within two quarters",
        "experience": "One named contact, no surprises",
        "interaction": "Monthly call, quarterly review",
    }
    plan["financials"] = {
        "currency": currency if rng.random() < 0.8 or currency != SITE_CURRENCY else None,
        "prior_year_actual": prior,
        "annual_target": target,
        "revenue_goal": {"minimum": minimum, "just_right": just_right, "aspirational": asp},
    }
    plan["opportunities"] = opportunities
    plan["whitespace"] = whitespace
    plan["actions"] = actions

    if style == "mixed":
        mixed = Mixed(num)
        emitter = mixed.emit_map
        if mixed.pick("", "anchor") < 3:
            # now and then a plan approved on the day of its review says so with an alias
            plan["status"]["last_review"] = Anchored("reviewed", last_review)
            plan["status"]["approved"] = Alias("reviewed")
        size_min, size_max = MIXED_SIZE_MIN, MIXED_SIZE_MAX
    else:
        mixed, emitter = None, emit_map
        size_min, size_max = SIZE_MIN, SIZE_MAX
    target_size = rng.randint(size_min + 100, size_max - 100)
    fm = trim_to(plan, target_size - BODY_MIN, emitter)
    if mixed is not None:
        fm = mixed.front_matter(plan)
    body = make_body(rng, cname, ind, ctx, names, bus, fm, target_size)
    return fm + body


BODY_MIN = 560  # bytes of Markdown body every plan gets at least


def trim_steps(plan):
    """Optional details removed, one at a time, until the plan fits its size
    budget. Every section keeps at least one item and every reference stays
    valid (nothing that is referenced is ever removed)."""
    contacts = plan["contacts"]
    for c in reversed(contacts[1:]):
        yield ("contacts",), lambda c=c: c.pop("personal_drivers", None)
    for c in reversed(contacts[2:]):
        yield ("contacts",), lambda c=c: c.pop("action", None)
    for a in reversed(plan["actions"][1:]):
        yield ("actions",), lambda a=a: a.pop("notes", None)
        yield ("actions",), lambda a=a: a.pop("resources", None)
    for g in reversed(plan["goals"][1:]):
        yield ("goals",), lambda g=g: g.pop("target", None)
    for b in plan["customer"]["business_units"][1:]:
        yield ("customer",), lambda b=b: b.pop("notes", None)
    for key in ("fix", "accomplish", "avoid"):
        yield ("faa",), lambda key=key: plan["faa"][key][1:] and plan["faa"][key].pop()
    for key in ("strengths", "weaknesses"):
        yield ("swot",), lambda key=key: plan["swot"][key][1:] and plan["swot"][key].pop()
    for c in reversed(contacts[2:]):
        yield ("contacts",), lambda c=c: c.pop("buying_role", None)
    for comp in plan["competitors"]:
        for key in ("strengths", "weaknesses", "differentiators"):
            yield ("competitors",), lambda comp=comp, key=key: comp[key][1:] and comp[key].pop()
    yield ("customer",), lambda: plan["customer"]["kpis"][2:] and plan["customer"]["kpis"].pop()
    yield ("drivers",), lambda: plan["drivers"][2:] and plan["drivers"].pop()
    yield ("status",), lambda: plan["status"]["what_we_need"][1:] and plan["status"]["what_we_need"].pop()
    yield ("proposition",), lambda: plan["proposition"]["differentiators"][1:] and plan["proposition"]["differentiators"].pop()
    for c in reversed(contacts[1:]):
        yield ("contacts",), lambda c=c: c.pop("title", None)
    yield ("opportunities",), lambda: plan["opportunities"][3:] and plan["opportunities"].pop()
    yield ("actions",), lambda: plan["actions"][3:] and plan["actions"].pop()
    # explicit ids equal to the default slug carry no information
    for key, field in (("contacts", "name"), ("opportunities", "name"), ("objectives", "title"),
                       ("goals", "title"), ("actions", "title")):
        for item in plan[key]:
            if item.get("id") == slug(item[field]):
                yield (key,), lambda item=item: item.pop("id")
    for c in reversed(contacts[2:]):
        yield ("contacts",), lambda c=c: c.pop("business_unit", None)
    for c in reversed(contacts[1:]):
        for k in [k for k in c.get("alignment", {}) if k != "us"]:
            yield ("contacts",), lambda c=c, k=k: c["alignment"].pop(k, None)
    for o in plan["objectives"]:
        yield ("objectives",), lambda o=o: o.pop("details", None)
    # last resort: drop whole items, keeping every reference valid
    yield ("opportunities",), lambda: plan["opportunities"][2:] and plan["opportunities"].pop()
    yield ("actions",), lambda: plan["actions"][2:] and plan["actions"].pop()
    for _ in range(2):
        yield ("competitors", "contacts"), lambda: drop_last_competitor(plan)
        yield ("goals", "objectives", "actions"), lambda: drop_last_goal(plan)
        yield ("objectives",), lambda: drop_last_objective(plan)


def item_id(item, field):
    return item.get("id") or slug(item[field])


def drop_last_competitor(plan):
    comps = plan["competitors"]
    if len(comps) < 2:
        return
    cid = comps.pop()["id"]
    for c in plan["contacts"]:
        c.get("alignment", {}).pop(cid, None)


def drop_last_goal(plan):
    goals = plan["goals"]
    if len(goals) < 3:
        return
    gid = item_id(goals.pop(), "title")
    first = item_id(goals[0], "title")
    for item in plan["objectives"] + plan["actions"]:
        kept = Flow(g for g in item["goals"] if g != gid)
        item["goals"] = kept or Flow([first])


def drop_last_objective(plan):
    objs = plan["objectives"]
    if len(objs) < 3:
        return
    served = {g for o in objs[:-1] for g in o["goals"]}
    if all(g in served for g in objs[-1]["goals"]):  # no goal becomes an orphan
        objs.pop()


def section_size(plan, key, emitter=emit_map):
    out = []
    emitter({key: plan[key]}, 0, out)
    return sum(len(line.encode("utf-8")) + 1 for line in out)


def trim_to(plan, budget, emitter=emit_map):
    """Apply trim steps until the front matter fits in `budget` bytes.
    Only the sections a step touches are measured again."""
    sizes = {k: section_size(plan, k, emitter) for k in plan if plan[k] is not None}
    total = 8 + sum(sizes.values())  # the two `---` lines
    if total > budget:
        for keys, step in trim_steps(plan):
            step()
            for k in keys:
                new = section_size(plan, k, emitter)
                total += new - sizes[k]
                sizes[k] = new
            if total <= budget:
                break
    return front_matter(plan)


PARAS = [
    "{name} has been a customer since {since}. We started with a small support contract in the "
    "{bu} team and grew through two renewals. The relationship is strongest at operational level.",
    "Their leadership changed last year. The new team wants fewer suppliers and clearer value, "
    "which favours us if we can prove results in their own numbers.",
    "The main risk is a procurement-led tender that compares list prices only. We mitigate it by "
    "agreeing success measures with {c1} before any tender is written.",
    "{c2} is sceptical after a difficult rollout in {since2}. We keep {c2} informed and let the "
    "results speak; a site visit to a reference customer is planned.",
    "Budget for {one} upgrades is released in {month}. We want a signed pilot before then so "
    "that the rollout can be funded from that budget.",
    "Our delivery team has a good reputation on site. Escalations in the last year were closed "
    "within the agreed service levels, and the monthly report is read by {c1}.",
    "Competitors are active: one offers a lower price, another has a strong relationship with "
    "procurement. Our answer is outcome-based pricing linked to {pain}.",
    "Next year's strategy focuses on {output}. Every initiative we propose should show how it "
    "supports that number, with a before-and-after measure agreed up front.",
]
FILLER = [
    "We review this section at every quarterly business review.",
    "Notes from the last steering group are in the shared drive.",
    "The account team meets every other Monday.",
    "Any change of scope goes through {c1} first.",
    "Feedback from the last survey was positive overall.",
    "We track open risks in the action list above.",
    "Invoices are paid on time; no credit issues.",
    "Site access needs two weeks' notice.",
]


def make_body(rng, cname, ind, ctx, names, bus, fm, target_size):
    f = dict(name=cname, since=rng.randint(2012, 2022), since2=rng.randint(2019, 2024),
             bu=rng.choice(bus)[1], c1=names[0], c2=names[min(3, len(names) - 1)],
             asset=ind["asset"], one=ind["one"], month=ctx["month"], pain=ind["pain"], output=ind["output"])
    head = "\n## Account narrative\n\n" + PARAS[0].format(**f) + "\n"
    tail = ("\n## Next 90 days\n\n- [x] Agree the review agenda with " + names[0].split()[0] + "\n"
            "- [ ] Present the value report\n- [ ] Confirm the pilot scope\n")
    paras = ["\n" + p.format(**f) + "\n" for p in PARAS[1:]]
    rng.shuffle(paras)
    table = ("\n## Where we stand\n\n| Area | Status |\n|---|---|\n| Relationship | "
             + rng.choice(["Solid", "Improving", "Fragile"]) + " |\n| Delivery | "
             + rng.choice(["On track", "Recovering", "Strong"]) + " |\n| Commercial | "
             + rng.choice(["Renewal due", "Growing", "Flat"]) + " |\n")
    optional = paras[:1] + [table, "\n## Risks and mitigations\n"] + paras[1:]
    size = len((fm + head + tail).encode("utf-8"))
    middle = ""
    for chunk in optional:
        n = len(chunk.encode("utf-8"))
        if size + n > target_size:
            break
        middle += chunk
        size += n
    if middle.endswith("mitigations\n"):  # a heading needs a paragraph after it
        middle = middle[: -len("\n## Risks and mitigations\n")]
        size -= len("\n## Risks and mitigations\n")
    fillers = [x.format(**f) for x in FILLER]
    rng.shuffle(fillers)
    note = ""
    for s in fillers:
        chunk = (" " if note else "\n") + s
        extra = len(chunk.encode("utf-8")) + (0 if note else 1)
        if size + extra > target_size:
            break
        note += chunk
        size += len(chunk.encode("utf-8")) + (0 if note != chunk else 1)
    if note:
        note += "\n"
    return head + middle + note + tail


# --------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate a synthetic planfolio benchmark site.")
    ap.add_argument("out_dir")
    ap.add_argument("n", type=int, help="number of account plans")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--style", choices=["mixed", "block"], default="mixed",
                    help="mixed: plans of about 8 KB in every YAML style people write (default); "
                         "block: plans of about 7 KB in block style only (the YAML fast path's first subset)")
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be >= 1")
    out = args.out_dir
    for sub in ("accounts", "team", "competitors"):
        os.makedirs(os.path.join(out, "content", sub), exist_ok=True)

    rng = random.Random(f"planfolio-bench-site-{args.seed}")
    team = make_team(max(5, round(args.n / 50)), rng)
    write_site_files(out, args.n, team)

    # exactly half (rounded down) high potential, so the median threshold
    # splits the portfolio where we intend; relationship split independently
    n_high = args.n // 2
    segs = (["key", "target"] * args.n)[:n_high] + (["managed", "maintained"] * args.n)[: args.n - n_high]
    rng.shuffle(segs)
    quirks = ["ambition-gap", "stale-review", "overdue-action", "segment-override", "mixed-currency"]
    sizes = []
    for i in range(1, args.n + 1):
        # about 1 plan in 12 carries one realistic warning
        q = quirks[(i // 12) % len(quirks)] if i % 12 == 0 else None
        text = make_plan(i, args.seed, team, segs[i - 1], q, args.style)
        sizes.append(len(text.encode("utf-8")))
        write(os.path.join(out, "content", "accounts", f"acct-{i:05d}.md"), text)
    total = sum(sizes)
    print(f"wrote {args.n} plans to {out}: {total / 1e6:.1f} MB, "
          f"plan size min {min(sizes)} / mean {total // len(sizes)} / max {max(sizes)} bytes; "
          f"{len(team)} team members, {len(COMPETITORS)} competitor profiles", file=sys.stderr)


if __name__ == "__main__":
    main()
