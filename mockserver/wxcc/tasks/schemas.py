"""Request and response bodies of the task APIs, in Cisco's names (CreateTaskRequest,
PatchTaskRequest, WrapUpResourceRequest, MediaResourceRequest, TransferResourceRequest,
ConsultResourceRequest, EndConsultRequest, ConsultTransferResourceRequest,
ConferenceResourceRequest, ResumeRecordingResourceRequest, CreateTaskResponse, TaskApiResponse)."""

from __future__ import annotations

from typing import Any, Optional

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mockserver.wxcc.agents.schemas import Meta


class _In(BaseModel):
    model_config = ConfigDict(extra="ignore")


class CallbackDetails(_In):
    callbackOrigin: str = Field(pattern="^web$")
    callbackType: str = Field(pattern="^immediate$")


class CreateTaskRequest(_In):
    destination: str = Field(min_length=1, max_length=36)
    entryPointId: str = Field(min_length=1, max_length=36)
    mediaType: str = Field(description="telephony")
    outboundType: Optional[str] = Field(default=None, description="OUTDIAL | CALLBACK | EXECUTE_FLOW")
    origin: Optional[str] = Field(default=None, max_length=36)
    attributes: Optional[dict[str, Any]] = None
    callback: Optional[CallbackDetails] = None
    customAttributes: Optional[dict[str, Any]] = None

    @field_validator("attributes")
    @classmethod
    def _attrs(cls, v: dict | None) -> dict | None:
        if v is None:
            return v
        if len(v) > 30:
            raise ValueError("at most 30 attributes")
        for k, val in v.items():
            if len(k.encode()) > 200 or len(str(val).encode()) > 1024:
                raise ValueError(f"{k!r}: keys up to 200 bytes, values up to 1024 bytes")
        return v

    @field_validator("customAttributes")
    @classmethod
    def _custom(cls, v: dict | None) -> dict | None:
        if v is None:
            return v
        if len(v) > 20 or sum(len(str(k)) + len(str(x)) for k, x in v.items()) > 1100:
            raise ValueError("at most 20 custom attributes, 1100 bytes in all")
        return {str(k).lower(): x for k, x in v.items()}


class CreateTaskMeta(BaseModel):
    orgId: str


class CreateTaskData(BaseModel):
    id: str


class CreateTaskResponse(BaseModel):
    meta: CreateTaskMeta
    data: CreateTaskData


class PatchTaskRequest(_In):
    attributes: dict[str, Any]


class WrapUpResourceRequest(_In):
    auxCodeId: str = Field(min_length=1, max_length=36)
    wrapUpReason: str = Field(min_length=1, max_length=128)


class MediaResourceRequest(_In):
    mediaResourceId: str = Field(min_length=1, max_length=36)


class TransferResourceRequest(_In):
    to: str = Field(min_length=1, max_length=43)
    destinationType: str = Field(description="agent | queue | dialNumber | entrypointDialNumber")


class ConsultResourceRequest(_In):
    to: str = Field(min_length=1, max_length=36)
    destinationType: str = Field(description="agent | queue | entryPoint | dialNumber")
    holdParticipants: Optional[bool] = None


class EndConsultRequest(_In):
    queueId: Optional[str] = Field(default=None, max_length=36)


class ConsultTransferResourceRequest(_In):
    to: str = Field(min_length=1, max_length=36)
    destinationType: str


class ConferenceResourceRequest(_In):
    to: str = Field(min_length=1, max_length=36)
    destinationType: Optional[str] = None
    agentId: Optional[str] = None


class ResumeRecordingResourceRequest(_In):
    autoResumed: bool


class TaskOwner(BaseModel):
    id: str
    name: str


class TaskQueue(BaseModel):
    id: str
    name: str


class TaskAttributes(BaseModel):
    owner: TaskOwner
    queue: TaskQueue
    channelType: str
    status: str
    createdTime: int
    lastUpdatedTime: int
    captureRequested: Optional[bool] = None
    origin: Optional[str] = None
    destination: Optional[str] = None
    direction: Optional[str] = None
    reasonCode: Optional[str] = None


class Task(BaseModel):
    id: str
    attributes: TaskAttributes


class TaskApiResponse(BaseModel):
    meta: Meta
    data: list[Task]


class OutQueueStatistics(BaseModel):
    intervalStartTime: int
    queueId: str
    queueName: str
    channelType: str
    totalOfferedTasks: int
    totalEnqueuedTasks: int
    totalAssignedTasks: int
    totalAcceptedTasks: int
    totalRejectedTasks: int
    totalAbandonedTasks: int
    averageEnqueuedTime: float
    averageHandledTime: float
    serviceLevelThresholdPercentage: float


class QueueApiResponse(BaseModel):
    meta: Meta
    data: list[OutQueueStatistics]


class EWTApiResponse(BaseModel):
    estimatedWaitTime: float


# --- POST /v1/captures/query -------------------------------------------------------------------
class RecordingQuery(_In):
    orgId: Optional[str] = Field(default=None, max_length=64, description="The token's org when absent.")
    urlExpiration: Optional[int] = Field(default=None, description="Minutes the signed URLs live; > 0 (default 30).")
    taskIds: list[str] = Field(min_length=1, max_length=10, description="At most 10 task ids.")
    includeSegments: Optional[bool] = None
    includeVARecordings: Optional[bool] = None

    @field_validator("taskIds")
    @classmethod
    def _ids(cls, v: list[str]) -> list[str]:
        if any(not (0 < len(i.strip()) <= 64) for i in v):
            raise ValueError("every task id must be a non-empty string of at most 64 characters")
        return v


class RecordingBodyParams(_In):
    query: RecordingQuery


class RecordingMetaData(BaseModel):
    orgId: str
    urlExpiration: int


class MultipleInteractionsRecording(BaseModel):
    taskId: str
    recording: list[dict[str, Any]]
    transcription: list[dict[str, Any]]


class DownloadMultipleInteractionsResponse(BaseModel):
    meta: RecordingMetaData
    data: list[MultipleInteractionsRecording]
