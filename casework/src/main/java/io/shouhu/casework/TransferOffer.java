package io.shouhu.casework;

/**
 * A case another jurisdiction offers to the caller's: enough to decide, not the case file.
 *
 * @param from the jurisdiction that offers it
 * @param reason why, in the sender's words
 */
public record TransferOffer(CaseSummary kase, JurisdictionId from, String reason) {
}
