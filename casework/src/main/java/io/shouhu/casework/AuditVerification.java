package io.shouhu.casework;

/**
 * The result of walking a jurisdiction's audit chains.
 *
 * @param valid whether every entry is intact, linked to the one before and none is missing
 * @param entries how many entries were walked
 * @param firstBroken the id of the first entry found altered, or of the first position where an entry
 *        is missing; {@code null} when valid
 */
public record AuditVerification(boolean valid, long entries, String firstBroken) {
}
