package io.shouhu.casework;

import java.time.Instant;
import java.time.ZoneId;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.FindAndModifyOptions;
import org.springframework.data.mongodb.core.MongoOperations;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;
import org.springframework.stereotype.Component;

/**
 * Hands out case numbers such as {@code LW-2026-000123}: one counter per jurisdiction and year,
 * moved by one atomic increment, so two instances never hand out the same number. A number handed
 * out to a decision that then failed stays unused: numbers are unique, not gapless.
 */
@Component
class CaseNumbers {

	/** The law's calendar: the year a case opens in is the year in China. */
	static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

	private final MongoOperations mongo;

	CaseNumbers(MongoOperations mongo) {
		this.mongo = mongo;
	}

	String next(Jurisdiction jurisdiction, Instant now) {
		int year = now.atZone(CHINA).getYear();
		String counter = jurisdiction.id().value() + "-" + year;
		Counter next = mongo.findAndModify(Query.query(Criteria.where("_id").is(counter)), new Update().inc("last", 1),
				FindAndModifyOptions.options().upsert(true).returnNew(true), Counter.class);
		return "%s-%d-%06d".formatted(jurisdiction.casePrefix(), year, next.last());
	}

	@Document("case_number_counters")
	record Counter(@Id String id, long last) {
	}
}
