package io.shouhu.api;

import java.util.Map;

import io.shouhu.casework.CaseRule;

/** The titles of problem types, in Chinese and English. The detail stays the rule's own words. */
final class ProblemTitles {

	private record Title(String chinese, String english) {
	}

	private static final Map<String, Title> TYPES = Map.ofEntries(
			Map.entry("not-found", new Title("未找到", "Not found")),
			Map.entry("forbidden", new Title("无权操作", "Forbidden")),
			Map.entry("invalid-request", new Title("请求无效", "Invalid request")),
			Map.entry("malformed-request", new Title("请求格式错误", "Malformed request")),
			Map.entry("stale-version", new Title("内容已被他人修改", "Changed meanwhile")),
			Map.entry("precondition-required", new Title("缺少 If-Match", "If-Match required")),
			Map.entry("invalid-device", new Title("设备登记无效", "Invalid device registration")),
			Map.entry("internal-error", new Title("服务器内部错误", "Internal error")));

	private static final Map<CaseRule, Title> RULES = Map.ofEntries(
			Map.entry(CaseRule.IMMEDIATE_DANGER_FIRST, new Title("请先处理紧急危险报告", "Immediate danger first")),
			Map.entry(CaseRule.REPORT_ALREADY_TRIAGED, new Title("该报告已处理", "Report already triaged")),
			Map.entry(CaseRule.NO_REJECTION_PROPOSED, new Title("没有待审批的不予受理", "No rejection proposed")),
			Map.entry(CaseRule.MERGE_TARGET_NOT_OPEN, new Title("只能并入办理中的案件", "Merge target not open")),
			Map.entry(CaseRule.LEAD_NOT_A_PROSECUTOR, new Title("承办人须为本院检察官", "Lead is not a prosecutor")),
			Map.entry(CaseRule.ASSIGNEE_NOT_IN_JURISDICTION,
					new Title("被指派人不属于本院", "Assignee not in the jurisdiction")),
			Map.entry(CaseRule.CASE_NOT_OPEN, new Title("案件已不在办理中", "Case not open")),
			Map.entry(CaseRule.TRACK_FINISHED, new Title("该工作线已结束", "Track finished")),
			Map.entry(CaseRule.TRACK_ALREADY_STARTED, new Title("该工作线已启动", "Track already started")),
			Map.entry(CaseRule.TRACK_NOT_ACTIVE, new Title("该工作线未启动", "Track not active")),
			Map.entry(CaseRule.TRACK_HAS_PENDING_TASKS, new Title("该工作线仍有未完成的任务", "Track has pending tasks")),
			Map.entry(CaseRule.MILESTONE_PREREQUISITE_MISSING,
					new Title("缺少前置节点", "Milestone prerequisite missing")),
			Map.entry(CaseRule.MILESTONE_ALREADY_RECORDED, new Title("该节点已记录", "Milestone already recorded")),
			Map.entry(CaseRule.MILESTONE_EXCLUDED, new Title("该节点与已记录的节点冲突", "Milestone ruled out")),
			Map.entry(CaseRule.MILESTONE_AUTOMATIC, new Title("该节点由系统自动记录", "Milestone recorded automatically")),
			Map.entry(CaseRule.TASK_NOT_PENDING, new Title("任务已结束", "Task no longer pending")),
			Map.entry(CaseRule.TASK_ALREADY_ACKNOWLEDGED, new Title("任务已签收", "Task already acknowledged")),
			Map.entry(CaseRule.TRACKS_UNFINISHED, new Title("尚有工作线未结束", "Tracks unfinished")),
			Map.entry(CaseRule.CLOSURE_NOT_REQUESTED, new Title("未申请结案", "Closure not requested")),
			Map.entry(CaseRule.TRANSFER_NOT_POSSIBLE, new Title("无法移送", "Transfer not possible")),
			Map.entry(CaseRule.NO_TRANSFER_REQUESTED, new Title("没有待接收的移送", "No transfer requested")));

	private ProblemTitles() {
	}

	static String of(String type, boolean english, String fallback) {
		Title title = TYPES.get(type);
		return title == null ? fallback : english ? title.english() : title.chinese();
	}

	static String of(CaseRule rule, boolean english) {
		Title title = RULES.get(rule);
		if (title == null) {
			return rule.code();
		}
		return english ? title.english() : title.chinese();
	}

	/** Every rule has a title; a test keeps it so. */
	static boolean coversEveryRule() {
		return RULES.keySet().containsAll(java.util.EnumSet.allOf(CaseRule.class));
	}
}
