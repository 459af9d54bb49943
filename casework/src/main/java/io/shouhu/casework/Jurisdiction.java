package io.shouhu.casework;

import java.util.Locale;

import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.PersistenceCreator;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A district procuratorate.
 *
 * @param casePrefix the letters its case numbers begin with, e.g. {@code LW} for {@code LW-2026-000123}
 */
@Document("jurisdictions")
public record Jurisdiction(@Id JurisdictionId id, String name, String casePrefix) {

	@PersistenceCreator
	public Jurisdiction {
		if (casePrefix == null || casePrefix.isBlank()) {
			casePrefix = id.value().substring(0, Math.min(2, id.value().length())).toUpperCase(Locale.ROOT);
		}
	}

	/** A jurisdiction whose case prefix is the first two letters of its id. */
	public Jurisdiction(JurisdictionId id, String name) {
		this(id, name, null);
	}
}
