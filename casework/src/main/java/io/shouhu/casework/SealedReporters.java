package io.shouhu.casework;

import java.util.Optional;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.stereotype.Repository;

/**
 * The reporter of each report, kept apart from the report: no view of a report, no event and no
 * hospital-facing resource is built from this collection, so the reporter cannot leak through them.
 * Opening a record is a deliberate, audited act (a later step adds the reveal).
 */
@Repository
class SealedReporters {

	private final MongoOperations mongo;

	SealedReporters(MongoOperations mongo) {
		this.mongo = mongo;
	}

	void seal(ReportId report, Reporter reporter) {
		mongo.save(new SealedReporter(report.value(), reporter));
	}

	void discard(ReportId report) {
		mongo.remove(new SealedReporter(report.value(), null));
	}

	Optional<Reporter> open(ReportId report) {
		return Optional.ofNullable(mongo.findById(report.value(), SealedReporter.class)).map(SealedReporter::reporter);
	}

	@Document("sealed_reporters")
	record SealedReporter(@Id String report, Reporter reporter) {
	}
}
