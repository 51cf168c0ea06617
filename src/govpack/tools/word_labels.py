"""The headings of a Word document matched to a document type's standard sections.

Each type's fields that prose can fill are listed here with the headings that name
them: first the heading the type's template prints (in its English words, so the
Welsh comes from the templates' catalogue), then headings real documents use for
the same thing. A match on the template's own heading is certain; a match on any
other (or on a template heading marked ``~``, which names more than the field) is
a guess, which the draft says in a comment. Matching ignores case, punctuation,
plurals and numbering ("3.1 Quorum").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from govpack.rendering.i18n import catalogue

# Type -> key path -> the heading the template prints it under (``~``: a heading over
# more than this field, so a match is a guess even so), then other headings.
LABELS: dict[str, dict[str, tuple[str, ...]]] = {
    "terms-of-reference": {
        "purpose": ("Purpose and duty", "Purpose", "Aims", "Aims and objectives", "Objectives", "Purpose and aims", "Role and purpose", "Remit", "Nodau", "Diben"),
        "duty": ("Duty statement", "Duty", "Statement of duty"),
        "functions": ("Functions", "Role and functions", "Responsibilities", "Key responsibilities", "Duties", "Key functions", "Swyddogaethau"),
        "membership": ("Membership", "Members", "Composition", "Aelodau"),
        "membership.participants": ("Participants", "Invited participants"),
        "membership.partners_engaged": ("Partners engaged", "Partners", "Partner organisations"),
        "membership.by_invitation": ("By invitation", "Invited members", "Co-opted members", "Co-option", "Attendance by invitation"),
        "membership.member_roles": ("Role of individual members", "Role of members", "Responsibilities of members", "Members' responsibilities"),
        "membership.election": ("~Chair and vice chair", "Chair", "Chairing", "Election of chair", "Appointment of chair", "Chairperson", "Election"),
        "membership.term_of_office": ("Term of office", "Terms of office", "Tenure"),
        "service_user_engagement": ("Service user engagement", "Patient engagement", "Public engagement", "Patient and public involvement", "Engagement with service users"),
        "decisions": ("Decision-making framework", "Decision making", "Decisions", "Decision-making arrangements"),
        "decisions.consensus": ("Consensus",),
        "decisions.voting_rights": ("Voting rights", "Voting", "Pleidleisio"),
        "decisions.proxies": ("Proxies", "Proxy voting", "Proxy"),
        "decisions.majority_without_financial": ("Decisions without financial implications",),
        "decisions.majority_with_financial": ("Decisions with financial implications",),
        "decisions.deadlock": ("When no decision can be reached", "Deadlock", "Casting vote"),
        "declarations_of_interest": ("Declarations of interest", "Declaration of interests", "Conflicts of interest", "Interests"),
        "risk_management": ("Risk management", "Risk"),
        "assurance": ("~Reporting, monitoring and assurance", "Assurance", "Reporting", "Accountability", "Accountability and reporting", "Monitoring and assurance", "Reporting arrangements"),
        "communication": ("Communication within %(kind)s", "Communication"),
        "meetings": ("Business and meeting arrangements", "Meetings", "Meeting arrangements", "Conduct of meetings", "Cyfarfodydd"),
        "meetings.quorum_rules": ("~Quorum and attendance", "Quorum", "Quoracy", "Cworwm"),
        "meetings.attendance": ("~Quorum and attendance", "Attendance", "Attendance at meetings"),
        "meetings.frequency": ("Frequency of meetings", "Frequency", "Meeting frequency"),
        "meetings.agenda": ("Agenda and papers", "Agenda", "Papers", "Agenda and papers for meetings"),
        "meetings.minutes": ("Minutes", "Minutes of meetings"),
        "meetings.records": ("Record keeping and other documentation", "Record keeping", "Records"),
        "meetings.administrative_support": ("Administrative support", "Secretariat", "Administration", "Support"),
    },
    "code-of-conduct": {
        "applies_to": ("Who this code binds", "Scope", "Who this code applies to", "Application", "Applicability"),
        "principles": ("The seven principles of public life", "Principles of public life", "Nolan principles", "The Nolan principles", "Principles"),
        "probity": ("Probity",),
        "confidentiality": ("Confidentiality",),
        "transparency": ("Transparency", "Openness and transparency"),
        "conflicts_of_interest": ("Conflicts of interest", "Declarations of interest"),
        "conflicts_of_interest.declaration": ("Declaring interests", "Declaring an interest"),
        "conflicts_of_interest.register": ("The register of interests", "Register of interests"),
        "conflicts_of_interest.abstention": ("Abstaining", "Abstention"),
        "conflicts_of_interest.conflicted_decisions": ("Decisions when members are conflicted", "Conflicted decisions"),
        "decision_making": ("Fair and democratic decision-making", "Decision-making"),
        "provision_and_commissioning": ("Provision and commissioning",),
        "competition_and_procurement": ("Competition law and procurement", "Procurement", "Competition"),
        "non_compliance": ("When the code is not kept", "Non-compliance", "Breaches", "Breach of the code"),
    },
    "communication-strategy": {
        "principles": ("Principles", "Our principles", "Communication principles"),
        "goals": ("Goals", "Aims", "Objectives", "Aims and objectives", "Nodau"),
        "audiences": ("Stakeholders and audiences", "Audiences", "Stakeholders", "Target audiences"),
        "channels": ("Channels and approaches", "Channels"),
        "responsibilities": ("Responsibilities", "Roles and responsibilities"),
        "measurement": ("How success is measured", "Measurement", "Measuring success", "Evaluation"),
        "risks": ("Risks to delivery", "Risks"),
        "continuous_improvement": ("Continuous improvement and feedback", "Continuous improvement", "Feedback"),
        "delivery_plans": ("Delivery plans", "Action plan"),
        "information_handling": ("Handling information", "Information governance", "Data protection"),
    },
    "register-of-interests": {
        "introduction": ("About this register", "Introduction", "Purpose", "Background"),
        "entries": ("Interests declared", "Declarations", "The register", "Register"),
    },
    "role-description": {
        "core_skills": ("What every member brings", "Core skills", "Skills", "Person specification"),
        "shared_responsibility": ("Shared responsibility", "Collective responsibility"),
        "roles": ("Roles", "Role descriptions"),
        "appointment": ("Appointment", "Recruitment"),
        "induction": ("Induction and development", "Induction", "Training and development"),
        "assessment": ("Assessment of the team", "Assessment", "Appraisal", "Review of performance"),
    },
    "self-assessment": {
        "introduction": ("About this self-assessment", "Introduction", "Purpose", "Background"),
    },
    "service-level-agreement": {
        "service": ("The service", "Service", "Service description", "Scope", "Scope of the service", "Purpose", "Background"),
        "parties": ("Parties", "The parties", "Parties to the agreement"),
        "funding.source": ("~Value and funding", "Funding", "Finance", "Value", "Cost"),
        "notice": ("~Term, notice and exit", "Notice", "Termination", "Notice period", "Duration"),
        "exit": ("~Term, notice and exit", "Exit", "Exit arrangements", "Exit strategy"),
        "kpis": ("Performance standards", "Key performance indicators", "KPIs", "Performance"),
        "monitoring.arrangements": ("~Monitoring and review", "Monitoring", "Review"),
        "adverse_performance": ("Managing adverse performance", "Adverse performance", "Poor performance", "Underperformance"),
        "disputes": ("Resolving disputes", "Disputes", "Dispute resolution"),
        "communication": ("Communication between the parties", "Communication"),
        "employment": ("Employment, indemnity and pensions", "Employment", "Staffing"),
        "employment.line_management": ("Line management",),
        "employment.indemnity": ("Indemnity", "Insurance"),
        "employment.pension": ("Pension",),
        "data_protection": ("Data protection and information sharing", "Data protection", "Information sharing", "Information governance", "Confidentiality"),
    },
    "vision": {
        "statement": ("Our vision", "Vision", "Vision statement", "Gweledigaeth"),
        "mission": ("Our mission", "Mission", "Mission statement"),
        "values": ("Our values", "Values"),
        "strategic_intent": ("Statement of strategic intent", "Strategic intent"),
        "way_of_working": ("Our way of working", "Way of working", "How we work", "Working together"),
        "journey": ("Where we are now, and where we want to be",),
        "milestones": ("Early milestones and quick wins", "Milestones", "Quick wins"),
    },
}

# "3.", "3.1", "a)", "(iv)", "Section 2:", "Rhan 3 -" before a heading's words.
_NUMBERING = re.compile(r"^\s*(?:(?:section|part|rhan|adran)\s+)?(?:\d+(?:\.\d+)*\.?|\(?[a-z][.)]|\(?[ivxlc]+[.)])\s*[:.)\u2013\u2014-]?\s+", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"%\([a-z_]+\)s")


def unnumbered(heading: str) -> str:
    """``heading`` without the numbering in front of it: "3.1 Quorum" is "Quorum"."""
    text = heading
    while (stripped := _NUMBERING.sub("", text, count=1)) != text and stripped.strip():
        text = stripped
    return text.strip()


def normalised(heading: str) -> str:
    """``heading`` as headings are compared: numbering dropped, lower case, accents
    kept apart from their letters, every run of punctuation a space, "&" "and"."""
    text = unnumbered(heading).replace("&", " and ")
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", text))


def _singular(words: str) -> str:
    return " ".join(word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word for word in words.split())


@dataclass(frozen=True)
class Match:
    """A heading's standard section: its key path, and whether it is a guess."""

    key: str
    guessed: bool
    language: str | None  # "en" or "cy" where the heading was the template's own, else None


class Labels:
    """The headings of one document type, in English and in the templates' Welsh."""

    def __init__(self, doc_type: str, templates: Path) -> None:
        welsh = catalogue(templates, "cy")
        self.english: dict[str, str] = {}  # key -> the template's English heading
        # (normalised heading, key, language or None, guessed, a prefix: the heading goes on "within the cluster")
        self._labels: list[tuple[str, str, str | None, bool, bool]] = []
        for key, labels in LABELS.get(doc_type, {}).items():
            first, *others = labels
            english = first.removeprefix("~")
            self.english[key] = _PLACEHOLDER.sub("", english).strip()
            for index, label in enumerate((english, *others)):
                translated = welsh.gettext(label)
                for language, words in (("en", label), ("cy", translated)):
                    if language == "cy" and translated == label:
                        continue
                    exact = index == 0
                    entry = (normalised(_PLACEHOLDER.sub("", words)), key, language if exact else None, not exact or first.startswith("~"), bool(_PLACEHOLDER.search(words)))
                    self._labels.append(entry)
        self._labels.sort(key=lambda entry: entry[3])  # the template's own headings first

    def match(self, heading: str) -> Match | None:
        """The standard section ``heading`` names, if it names one."""
        words = normalised(heading)
        if not words:
            return None
        for label, key, language, guessed, prefix in self._labels:
            if words == label or _singular(words) == _singular(label) or (prefix and words.startswith(label + " ")):
                return Match(key, guessed, language)
        return None
