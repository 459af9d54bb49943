package io.shouhu.api;

import java.util.Map;

import io.shouhu.casework.Milestone;
import io.shouhu.casework.TimelineEntry;

/** One line of display text per timeline entry, in Chinese or English. */
final class TimelineTexts {

	private record Text(String chinese, String english) {
	}

	private static final Map<String, Text> TEXTS = Map.ofEntries(
			Map.entry("case-opened", new Text("案件 {number} 立案", "Case {number} opened")),
			Map.entry("lead-assigned", new Text("承办检察官：{lead}", "Lead prosecutor: {lead}")),
			Map.entry("report-merged", new Text("并入报告 {report}", "Report {report} merged in")),
			Map.entry("contact-channel-set", new Text("更新联系渠道", "Contact channel updated")),
			Map.entry("track-started", new Text("启动{track}", "{track} started")),
			Map.entry("track-reopened", new Text("重新启动{track}", "{track} reopened")),
			Map.entry("track-owner-assigned", new Text("{track}负责人：{owner}", "{track} owner: {owner}")),
			Map.entry("milestone-recorded", new Text("{track}：{milestone}", "{track}: {milestone}")),
			Map.entry("track-completed", new Text("{track}完成", "{track} completed")),
			Map.entry("track-not-needed", new Text("{track}无需开展：{reason}", "{track} not needed: {reason}")),
			Map.entry("task-created", new Text("新任务（{track}）", "New task ({track})")),
			Map.entry("task-acknowledged", new Text("任务已签收", "Task acknowledged")),
			Map.entry("task-completed", new Text("任务完成：{outcome}", "Task done: {outcome}")),
			Map.entry("task-cancelled", new Text("任务取消：{reason}", "Task cancelled: {reason}")),
			Map.entry("task-reassigned", new Text("任务改派", "Task reassigned")),
			Map.entry("task-due-brought-forward", new Text("情况更紧急，任务期限提前至 {due}",
					"More urgent now: task due by {due}")),
			Map.entry("comment", new Text("{text}", "{text}")),
			Map.entry("reporter-revealed", new Text("{by} 开启了举报人身份：{reason}",
					"reporter identity opened by {by}: {reason}")),
			Map.entry("closure-requested", new Text("申请结案", "Closure requested")),
			Map.entry("closure-declined", new Text("结案申请被退回：{reason}", "Closure declined: {reason}")),
			Map.entry("case-closed", new Text("结案", "Case closed")),
			Map.entry("transfer-requested", new Text("申请移送至 {to}：{reason}", "Transfer to {to} requested: {reason}")),
			Map.entry("transfer-declined", new Text("{to} 未接收移送：{reason}", "{to} declined the transfer: {reason}")),
			Map.entry("case-transferred-out", new Text("已移送至 {to}", "Transferred to {to}")),
			Map.entry("case-transferred-in", new Text("自 {from} 移送而来", "Transferred in from {from}")));

	private TimelineTexts() {
	}

	static String text(TimelineEntry entry, boolean english) {
		Text text = TEXTS.get(entry.type());
		if (text == null) {
			return entry.type();
		}
		String line = english ? text.english() : text.chinese();
		if (entry.track() != null) {
			line = line.replace("{track}", entry.track().display(english));
		}
		String milestone = entry.data().get("milestone");
		if (milestone != null && Milestone.ofCode(milestone) != null) {
			line = line.replace("{milestone}", Milestone.ofCode(milestone).display(english));
		}
		for (Map.Entry<String, String> value : entry.data().entrySet()) {
			line = line.replace("{" + value.getKey() + "}", value.getValue());
		}
		return line;
	}

	/** Whether a timeline type has a text; a test keeps every type the aggregate writes covered. */
	static boolean has(String type) {
		return TEXTS.containsKey(type);
	}
}
