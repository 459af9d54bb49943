package io.shouhu.casework;

import java.time.Instant;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * One entry of the access audit, as stored and listed. Entries are append-only and chained: each holds
 * the hash of the entry before it in its chain (one chain per jurisdiction and day in China) and its own
 * hash over all its other fields, so an entry edited or deleted afterwards is found by
 * {@link AuditTrail#verify(Actor)}.
 *
 * @param id {@code jurisdiction|yyyy-MM-dd|seq}, the sequence number zero-padded to ten digits
 * @param at when the access happened, to the millisecond
 * @param actor the user or client id that acted
 * @param role the role it acted in, e.g. {@code supervisor}, {@code hospital}, {@code system}
 * @param jurisdiction the chain the entry is in: the actor's jurisdiction, or for the system the subject's
 * @param action what was done, e.g. {@code read}
 * @param subjectType the kind of record accessed, e.g. {@code report}
 * @param subjectId the id of the record accessed
 * @param owner the jurisdiction the subject belongs to, or {@code null} when not known
 * @param purpose the purpose the actor gave, or {@code null}
 * @param outcome whether the access was allowed
 * @param seq the position in the chain, from 1, without gaps
 * @param previousHash the hash of the entry before in the chain; empty for the first
 * @param hash SHA-256 (hex) over all the other fields
 */
@Document("audit")
public record AuditEntry(@Id String id, Instant at, String actor, String role, String jurisdiction, String action,
		String subjectType, String subjectId, String owner, String purpose, AuditOutcome outcome, long seq,
		String previousHash, String hash) {
}
