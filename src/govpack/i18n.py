"""Interface words: labels for the schemas' fixed values, dates, money.

Templates write interface words as ``_("...")``; English is the source language.
The guide's own wording is used for the labels of its lists (section 1.1's
purposes, 1.2's drivers).
"""

from __future__ import annotations

from .schema import parse_date

# The languages outputs are made in; others an organisation lists are warned about.
BUILT_LANGUAGES = ("en",)

LABELS: dict[str, dict[str, str]] = {
    "purpose": {
        "local-health-needs": "Local health needs approach",
        "integration": "Integration of local services",
        "quality-improvement": "Quality improvement",
        "service-delivery": "Service delivery",
        "management-of-resources": "Management of resources",
        "communication": "Communication",
        "sustaining-core-services": "Sustaining core services",
        "informing-planning": "Informing planning",
    },
    "driver": {
        "outcomes": "Better health and wellbeing outcomes",
        "timescales": "Timescales",
        "workload": "Workload",
        "workforce": "Workforce",
        "economies-of-scale": "Economies of scale",
        "autonomy": "Autonomy",
        "finance": "Finance",
        "prudence": "Prudence",
        "estates": "Estates",
    },
    "principle": {
        "selflessness": "Selflessness",
        "integrity": "Integrity",
        "objectivity": "Objectivity",
        "accountability": "Accountability",
        "openness": "Openness",
        "honesty": "Honesty",
        "leadership": "Leadership",
    },
    "kind": {
        "cluster": "Primary care cluster",
        "federation": "GP federation",
        "network": "Primary care network",
        "locality": "Locality",
        "service-level-agreement": "Service level agreement",
        "memorandum-of-understanding": "Memorandum of understanding",
    },
    "member": {
        "gp-practice": "GP practice",
        "community-pharmacy": "Community pharmacy",
        "dental-practice": "Dental practice",
        "optometry": "Optometry",
        "local-authority": "Local authority",
        "third-sector": "Third sector",
        "ambulance-service": "Ambulance service",
        "health-board": "Health board",
        "community-services": "Community services",
        "company": "Company",
        "other": "Other",
    },
    "status": {
        "draft": "Draft",
        "approved": "Approved",
        "superseded": "Superseded",
    },
    "type": {
        "vision": "Vision and common purpose",
        "terms-of-reference": "Terms of reference",
        "code-of-conduct": "Code of conduct",
        "communication-strategy": "Communication and engagement strategy",
        "service-level-agreement": "Service level agreement",
        "register-of-interests": "Register of interests",
        "self-assessment": "Key elements self-assessment",
        "role-description": "Role descriptions",
        "pack": "Governance pack",
    },
    # Guide 3.6: the kinds of interest a register records.
    "interest": {
        "financial": "Financial",
        "non-financial-professional": "Non-financial professional",
        "non-financial-personal": "Non-financial personal",
        "indirect": "Indirect",
        "nil": "Nil return",
    },
    "assessment": {
        "in-place": "In place",
        "in-progress": "In progress",
        "not-started": "Not started",
    },
    "lang": {
        "en": "English",
        "cy": "Cymraeg",
    },
    # The seven classes of the ICO model publication scheme, in the ICO's order.
    "ico_class": {
        "who-we-are": "Who we are and what we do",
        "what-we-spend": "What we spend and how we spend it",
        "priorities": "What our priorities are and how we are doing",
        "decisions": "How we make decisions",
        "policies": "Our policies and procedures",
        "lists": "Lists and registers",
        "services": "The services we offer",
    },
}

_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def label(group: str, key: str) -> str:
    """The reader's words for one of the schema's fixed values."""
    return LABELS[group].get(key, key)


def format_date(text: str | None) -> str:
    """``2026-03-12`` as ``12 March 2026``; text that is not a date as it is."""
    if not text:
        return ""
    day = parse_date(text)
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else text


def format_money(value: float) -> str:
    """Pounds sterling, with pence only where there are any."""
    return f"£{value:,.2f}" if value % 1 else f"£{value:,.0f}"
