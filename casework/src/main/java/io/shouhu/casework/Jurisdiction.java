package io.shouhu.casework;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/** A district procuratorate. */
@Document("jurisdictions")
public record Jurisdiction(@Id JurisdictionId id, String name) {
}
