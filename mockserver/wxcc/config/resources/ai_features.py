"""AI features: one record per organization (seeded, never created or deleted) holding each AI
feature's switch, and the Auto CSAT questions.

The deprecated single-feature resources (``agent-burnout``, ``generated-summaries``, ``auto-csat``)
are views of the same record (decision: they share its id and version), so a change through one
shows through the others: agent burnout is ``agentWellbeing``, generated summaries are
``generatedSummaries``, Auto CSAT is ``autoCSAT`` (``enabled`` there is ``enable`` here). Auto CSAT
names a global variable (``selectedGlobalVariableId``), hence the 412 on deleting it.
Auto CSAT questions map a survey question (``questionId`` of a ``questionnaireId``) to Auto CSAT,
one mapping per question; the deprecated paths reach them under ``auto-csat/{autoCsatId}``.
"""

from __future__ import annotations

from typing import Literal, Optional

from pydantic import Field

from mockserver.wxcc.config.engine import PARENT, Ctx, Ref, Resource, register, std_paths
from mockserver.wxcc.config.models import WxccEntity
from mockserver.wxcc.config.schemas import ConfigDTO, Wire

Inclusion = Literal["ALL", "SPECIFIC"]


class _Switch(Wire):
    enable: bool


class RealtimeTranscripts(_Switch):
    agentInclusionType: Optional[Inclusion] = None
    queuesInclusionType: Optional[Inclusion] = None


class GeneratedSummaries(Wire):
    callDropSummariesEnabled: Optional[bool] = None
    virtualAgentTransferSummariesEnabled: Optional[bool] = None
    consultTransferSummariesEnabled: Optional[bool] = None
    wrapUpSummariesEnabled: Optional[bool] = None
    queuesInclusionType: Optional[Inclusion] = None
    agentInclusionType: Optional[Inclusion] = None


class AgentWellbeing(_Switch):
    agentInclusionType: Inclusion
    wellnessBreakReminders: Optional[Literal["DISABLED", "ENABLED"]] = None


class AutoCsat(_Switch):
    queuesInclusionType: Optional[Inclusion] = None
    selectedGlobalVariableId: Optional[str] = None
    surveyDataSource: Optional[Literal["EXPERIENCE_MANAGEMENT", "GLOBAL_VARIABLE"]] = None
    agentInclusionType: Optional[Inclusion] = None


class QueueScoped(_Switch):
    queuesInclusionType: Optional[Inclusion] = None


class PersonalizedAIRouting(Wire):
    enable: Optional[bool] = None
    cjdsWorkspaceId: Optional[str] = None
    cjdsProfileTemplateId: Optional[str] = None


class AiFeatureDTO(ConfigDTO):
    realtimeTranscripts: Optional[RealtimeTranscripts] = None
    suggestedResponses: Optional[_Switch] = None
    generatedSummaries: Optional[GeneratedSummaries] = None
    agentWellbeing: Optional[AgentWellbeing] = None
    autoCSAT: Optional[AutoCsat] = None
    coachingInsights: Optional[_Switch] = None
    evaluationsAndAnalytics: Optional[_Switch] = None
    sentimentAnalysis: Optional[QueueScoped] = None
    predictedWaitTime: Optional[QueueScoped] = None
    personalizedAIRouting: Optional[PersonalizedAIRouting] = None


# --- the deprecated single-feature views --------------------------------------------------------
class AgentBurnoutDTO(ConfigDTO):
    enabled: bool
    agentInclusionType: Inclusion
    wellnessBreakReminders: Optional[Literal["DISABLED", "ENABLED"]] = None


class GeneratedSummariesDTO(ConfigDTO):
    callDropSummariesEnabled: Optional[bool] = None
    virtualAgentTransferSummariesEnabled: Optional[bool] = None
    consultTransferSummariesEnabled: Optional[bool] = None
    agentInclusionType: Optional[Inclusion] = None


class AutoCSATDTO(ConfigDTO):
    enabled: bool
    agentInclusionType: Inclusion
    surveyDataSource: Literal["EXPERIENCE_MANAGEMENT", "GLOBAL_VARIABLE"]
    selectedGlobalVariableId: Optional[str] = None  # spec-required; only for GLOBAL_VARIABLE (decision)


# view name -> (the ai-feature field, the DTO, wire field -> feature field)
VIEWS: dict[str, tuple[str, type[ConfigDTO], dict[str, str]]] = {
    "agent-burnout": ("agentWellbeing", AgentBurnoutDTO, {"enabled": "enable"}),
    "generated-summaries": ("generatedSummaries", GeneratedSummariesDTO, {}),
    "auto-csat": ("autoCSAT", AutoCSATDTO, {"enabled": "enable"}),
}


def view_of(feature: dict, view: str) -> dict:
    field, dto, renames = VIEWS[view]
    sub = dict(feature.get(field) or {})
    back = {v: k for k, v in renames.items()}
    out = {k: v for k, v in feature.items() if k in ("organizationId", "id", "version", "createdTime", "lastUpdatedTime")}
    for k, v in sub.items():
        name = back.get(k, k)
        if name in dto.model_fields:
            out[name] = v
    if view == "auto-csat":
        out.setdefault("agentInclusionType", "ALL")
        out.setdefault("surveyDataSource", "EXPERIENCE_MANAGEMENT")
    return out


def sub_from_view(feature: dict, view: str, body: dict) -> dict:
    field, _, renames = VIEWS[view]
    sub = dict(feature.get(field) or {})
    for k, v in body.items():
        sub[renames.get(k, k)] = v
    return {**feature, field: sub}


def _rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    csat = data.get("autoCSAT") or {}
    if csat.get("enable") and csat.get("surveyDataSource") == "GLOBAL_VARIABLE" and not csat.get("selectedGlobalVariableId"):
        errors.append("autoCSAT.selectedGlobalVariableId: is required when surveyDataSource is GLOBAL_VARIABLE.")
    if existing is None and ctx.rows("ai-feature"):
        errors.append("ai-feature: only one AI feature record can exist per organization.")


AI_FEATURE = register(Resource(
    kind="ai-feature", tag="AI Feature", title="AI feature", model=AiFeatureDTO,
    paths=std_paths("ai-feature", create=(), delete=(), v1_list=None, v2_list="v2/ai-feature", references=None,
                    bulk=None, put=False),
    refs=[Ref("autoCSAT.selectedGlobalVariableId", "cad-variable")], rules=[_rules], unique_scope=None,
    active_field=None,
))


# --- Auto CSAT questions -------------------------------------------------------------------------
class AutoCSATQuestionDTO(ConfigDTO):
    questionId: str = Field(min_length=1)
    questionnaireId: str = Field(min_length=1)


def feature_id(ctx: Ctx) -> str:
    rows = ctx.rows("ai-feature")
    return rows[0].id if rows else ""


def _question_rules(ctx: Ctx, data: dict, existing: WxccEntity | None, errors: list[str]) -> None:
    data.setdefault(PARENT, feature_id(ctx))  # the legacy paths name the record as the questions' parent
    data["name"] = data["questionId"]


def _hide(ctx: Ctx, out: dict, full: bool) -> None:
    out.pop(PARENT, None)
    out.pop("name", None)


_QUESTION = dict(kind="auto-csat-question", tag="AI Feature", title="Auto CSAT question", model=AutoCSATQuestionDTO,
                 rules=[_question_rules], decorate=_hide, unique_scope=lambda d: "", active_field=None,
                 search_fields=("questionId", "questionnaireId"), unique_field="questionId")

QUESTION = register(Resource(
    **_QUESTION, paths=std_paths("ai-feature/auto-csat/question", v1_list=None,
                                 v2_list="v2/ai-feature/auto-csat/question", references=None, put=False),
))

QUESTION_LEGACY = register(Resource(
    **{**_QUESTION, "tag": "Auto CSAT"}, key="auto-csat-question-legacy", parent="ai-feature", parent_param="autoCsatId",
    paths=std_paths("auto-csat/{autoCsatId}/question", v1_list=None, v2_list="v2/auto-csat/{autoCsatId}/question",
                    references=None, bulk="auto-csat/{autoCsatId}/question/bulk", put=False),
    delete_status=204,
))
