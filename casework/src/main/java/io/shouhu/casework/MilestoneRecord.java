package io.shouhu.casework;

import java.time.Instant;

/**
 * A milestone reached on a track.
 *
 * @param text what happened, for milestones with a text detail; may be {@code null}
 * @param suitType for {@link Milestone#SUIT_FILED}, else {@code null}
 * @param amountYuan for {@link Milestone#AID_PAID}, else {@code null}
 */
public record MilestoneRecord(Milestone milestone, Instant at, UserId by, String text, SuitType suitType,
		Long amountYuan) {
}
