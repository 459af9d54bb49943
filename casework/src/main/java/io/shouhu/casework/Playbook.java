package io.shouhu.casework;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which tracks each situation opens and which tasks they start with, by urgency: the casework
 * playbook, kept as data (see {@code playbooks/} and {@link Playbooks}) so that domain experts change
 * it without a code change. Pure: the same situations and urgency always give the same plan.
 *
 * @param version the playbook's own version, recorded on every case it opened
 */
public record Playbook(String version, Map<Situation, List<Step>> steps) {

	/**
	 * One task of a situation's plan, with its due offset by urgency.
	 */
	public record Step(TrackType track, String kind, String titleChinese, String titleEnglish, Role team,
			Map<Urgency, Duration> due) {

		PlannedTask plannedFor(Urgency urgency) {
			return new PlannedTask(track, kind, titleChinese, titleEnglish, team, due.get(urgency));
		}
	}

	/** What a case opens with: its tracks and their first tasks, in playbook order, without repeats. */
	public record Plan(Set<TrackType> tracks, List<PlannedTask> tasks) {
	}

	public Playbook {
		Map<Situation, List<Step>> copy = new EnumMap<>(Situation.class);
		steps.forEach((situation, list) -> copy.put(situation, List.copyOf(list)));
		steps = Map.copyOf(copy);
	}

	/**
	 * The plan for a child's situations at an urgency. A task that several situations call for is
	 * planned once, with the earliest due offset any of them gives.
	 */
	public Plan plan(Set<Situation> situations, Urgency urgency) {
		Set<TrackType> tracks = EnumSet.noneOf(TrackType.class);
		Map<String, PlannedTask> tasks = new LinkedHashMap<>();
		for (Situation situation : EnumSet.copyOf(situations.isEmpty() ? EnumSet.of(Situation.S9) : situations)) {
			for (Step step : steps.getOrDefault(situation, List.of())) {
				tracks.add(step.track());
				PlannedTask task = step.plannedFor(urgency);
				tasks.merge(step.track() + "/" + step.kind(), task,
						(one, other) -> one.due().compareTo(other.due()) <= 0 ? one : other);
			}
		}
		return new Plan(tracks, new ArrayList<>(tasks.values()));
	}
}
