"""Agents at run time: one row per contact-center user who ever signed in (their current station
and state, the capacity snapshot routing reads), and the activity history the reporting API lists."""

from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index
from sqlmodel import Field, SQLModel

from mockserver.core.columns import epoch_ms, json_dict, json_list


class WxccAgent(SQLModel, table=True):
    __tablename__ = "wxcc_agent"
    __table_args__ = (Index("ix_wxcc_agent_route", "org_id", "logged_in", "sub_status"),)
    agent_id: str = Field(primary_key=True)  # the CI user id (the person's raw UUID)
    pod: int = Field(index=True)
    org_id: str
    user_id: str  # the config user's id
    email: str
    name: str
    logged_in: bool = False
    session_id: str = ""
    team_id: str = Field(default="", index=True)
    team_name: str = ""
    site_id: str = ""
    site_name: str = ""
    dial_number: str = Field(default="", index=True)
    device_type: str = ""
    device_id: str = ""
    is_extension: bool = False
    roles: list = json_list()
    profile_type: str = ""
    agent_profile_id: str = ""
    sub_status: str = "Idle"  # Available | Idle | RONA
    aux_code_id: str = ""
    state_reason: str = ""
    state_ms: int = epoch_ms()
    idle_code_ms: int = epoch_ms()
    login_ms: int = epoch_ms()
    # Longest-available-agent order: when the agent last became free for a new contact (went
    # Available, or finished one); the smallest wins.
    ready_ms: int = Field(default=0, sa_column=Column(BigInteger, nullable=False, default=0))
    mm: dict = json_dict()  # the multimedia profile at login: {telephony, chat, email, social, blendingMode, id, name}
    busy: dict = json_dict()  # contacts held per channel (offered, connected or in wrap-up): {chat: 1, ...}
    skills: dict = json_dict()  # skillId -> value (proficiency int, bool, text), from the skill profile at login
    counters: dict = json_dict()  # per channel statistics: offered, accepted, rejected, transferred ...


class WxccAgentActivity(SQLModel, table=True):
    __tablename__ = "wxcc_agent_activity"
    __table_args__ = (Index("ix_wxcc_agent_activity_org_start", "org_id", "start_ms"),)
    id: str = Field(primary_key=True)
    pod: int = Field(index=True)
    org_id: str
    agent_id: str = Field(index=True)
    session_id: str = ""
    state: str  # LoggedIn, Available, Idle, RONA, Connected, WrapUp, LoggedOut
    idle_code: str = ""
    idle_code_name: str = ""
    task_id: str = ""
    channel_type: str = ""
    sub_channel_type: str = ""
    queue_id: str = ""
    queue_name: str = ""
    wrapup_code_name: str = ""
    reason: str = ""
    team_id: str = ""
    start_ms: int = epoch_ms()
    end_ms: int = Field(default=-1, sa_column=Column(BigInteger, nullable=False, default=-1))


TABLES: list[type[SQLModel]] = [WxccAgent, WxccAgentActivity]
